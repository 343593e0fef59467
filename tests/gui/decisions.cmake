# The Decision Records tab, the export dialog and the inspector's decisions (included from
# tests/gui/CMakeLists.txt).
terrain_add_test(tst_decisionspage SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_decisionspage.cpp LIBS terrain_views)
target_compile_definitions(tst_decisionspage PRIVATE TERRAIN_SCREENSHOT_DIR="${CMAKE_CURRENT_BINARY_DIR}/screenshots")
