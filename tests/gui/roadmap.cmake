# The Roadmap tab (included from tests/gui/CMakeLists.txt).
terrain_add_test(tst_roadmap SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_roadmap.cpp LIBS terrain_views)
target_compile_definitions(tst_roadmap PRIVATE TERRAIN_SCREENSHOT_DIR="${CMAKE_CURRENT_BINARY_DIR}/screenshots")
