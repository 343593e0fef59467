# Decision records in the adr-tools, MADR and log4brains layouts (included from tests/model/CMakeLists.txt).
terrain_add_test(tst_decisionrecords SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_decisionrecords.cpp LIBS terrain_model)
