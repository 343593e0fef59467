# The Analysis panel and the Environment parity dialog (included from tests/gui/CMakeLists.txt).
terrain_add_test(tst_analysispanel SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_analysispanel.cpp
                 ${CMAKE_CURRENT_LIST_DIR}/TestMaps.h LIBS terrain_views)
target_compile_definitions(tst_analysispanel PRIVATE
    TERRAIN_SCREENSHOT_DIR="${CMAKE_CURRENT_BINARY_DIR}/screenshots")
# The analysis in the main window (links terrain_mainwindow, like tst_mainwindow).
terrain_add_test(tst_analysiswindow
    SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_analysiswindow.cpp ${CMAKE_CURRENT_LIST_DIR}/TestMaps.h
    LIBS terrain_mainwindow)
target_compile_definitions(tst_analysiswindow PRIVATE
    TERRAIN_SCREENSHOT_DIR="${CMAKE_CURRENT_BINARY_DIR}/screenshots"
    TERRAIN_LAYOUT_BIN="$<TARGET_FILE:terrain-layout>")
add_dependencies(tst_analysiswindow terrain-layout)
