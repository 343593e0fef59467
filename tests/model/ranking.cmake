# The ranking engine and its settings in the map (included from tests/model/CMakeLists.txt).
terrain_add_test(tst_ranking SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_ranking.cpp LIBS terrain_model)
