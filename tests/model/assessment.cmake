# Risk matrix, symptoms verdict, strangler migrations and workshop voting (included from
# tests/model/CMakeLists.txt).
terrain_add_test(tst_riskmatrix SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_riskmatrix.cpp LIBS terrain_model)
terrain_add_test(tst_symptoms SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_symptoms.cpp LIBS terrain_model)
terrain_add_test(tst_migrations SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_migrations.cpp LIBS terrain_model)
terrain_add_test(tst_voting SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_voting.cpp LIBS terrain_model)
terrain_add_test(tst_mapjsonsettings SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_mapjsonsettings.cpp LIBS terrain_model)
