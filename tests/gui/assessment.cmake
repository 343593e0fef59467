# Risk matrix, symptoms checklist, migrations and workshop mode (included from tests/gui/CMakeLists.txt).
terrain_add_test(tst_riskmatrixview SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_riskmatrixview.cpp
                 ${CMAKE_CURRENT_LIST_DIR}/TestMaps.h LIBS terrain_views)
target_compile_definitions(tst_riskmatrixview PRIVATE TERRAIN_SCREENSHOT_DIR="${CMAKE_CURRENT_BINARY_DIR}/screenshots")
terrain_add_test(tst_symptomspage SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_symptomspage.cpp ${CMAKE_CURRENT_LIST_DIR}/TestMaps.h
                 LIBS terrain_views)
target_compile_definitions(tst_symptomspage PRIVATE TERRAIN_SCREENSHOT_DIR="${CMAKE_CURRENT_BINARY_DIR}/screenshots")
terrain_add_test(tst_migrationspage SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_migrationspage.cpp ${CMAKE_CURRENT_LIST_DIR}/TestMaps.h
                 LIBS terrain_views)
target_compile_definitions(tst_migrationspage PRIVATE TERRAIN_SCREENSHOT_DIR="${CMAKE_CURRENT_BINARY_DIR}/screenshots")
terrain_add_test(tst_workshopmode SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_workshopmode.cpp ${CMAKE_CURRENT_LIST_DIR}/TestMaps.h
                 LIBS terrain_views)
target_compile_definitions(tst_workshopmode PRIVATE TERRAIN_SCREENSHOT_DIR="${CMAKE_CURRENT_BINARY_DIR}/screenshots")
terrain_add_test(tst_assessmentwiring
    SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_assessmentwiring.cpp ${CMAKE_CURRENT_LIST_DIR}/TestMaps.h
    LIBS terrain_mainwindow)
target_compile_definitions(tst_assessmentwiring PRIVATE TERRAIN_SCREENSHOT_DIR="${CMAKE_CURRENT_BINARY_DIR}/screenshots")
