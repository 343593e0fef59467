# `terrain check` with the symptom verdict (included from tests/cli/CMakeLists.txt).
terrain_add_test(tst_clicheck SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_clicheck.cpp LIBS terrain_model)
add_dependencies(tst_clicheck terrain)
