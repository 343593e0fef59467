# `terrain export --format roadmap-*|report-*|backstage` (included from tests/cli/CMakeLists.txt).
terrain_add_test(tst_cli_exports SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_cli_exports.cpp LIBS terrain_model)
add_dependencies(tst_cli_exports terrain)
