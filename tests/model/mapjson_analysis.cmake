# The canonical JSON map and the graph checks (included from tests/model/CMakeLists.txt).
terrain_add_test(tst_mapjson SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_mapjson.cpp LIBS terrain_model)
terrain_add_test(tst_jsontext SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_jsontext.cpp LIBS terrain_model)
terrain_add_test(tst_analysis SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_analysis.cpp LIBS terrain_model)
