# Decision records through the command line, and adr-tools / log4brains on the result (included from
# tests/cli/CMakeLists.txt).
terrain_add_test(tst_cli_adr SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_cli_adr.cpp LIBS terrain_model)
add_dependencies(tst_cli_adr terrain)
# log4brains' build (when installed) takes minutes on a loaded machine.
set_tests_properties(tst_cli_adr PROPERTIES TIMEOUT 1500)
