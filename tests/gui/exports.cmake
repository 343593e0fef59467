# File ▸ Export… (included from tests/gui/CMakeLists.txt).
terrain_add_test(tst_exportdialog SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_exportdialog.cpp LIBS terrain_views)
target_compile_definitions(tst_exportdialog PRIVATE TERRAIN_SCREENSHOT_DIR="${CMAKE_CURRENT_BINARY_DIR}/screenshots")
# File ▸ Export… in the main window (links terrain_mainwindow, as tst_mainwindow does).
terrain_add_test(tst_exportaction
    SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_exportaction.cpp
    LIBS terrain_mainwindow)
target_compile_definitions(tst_exportaction PRIVATE TERRAIN_SCREENSHOT_DIR="${CMAKE_CURRENT_BINARY_DIR}/screenshots")
