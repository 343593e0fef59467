# Tests of the Terraform importers (included from tests/importers/CMakeLists.txt).
# tst_attributetape compares the tape-driven compaction of state instances with the document one.
# tst_tfjsonparser also runs `terraform` on a small stack when it is on PATH (skipped otherwise).
terrain_add_test(tst_tfstateparser SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_tfstateparser.cpp LIBS terrain_importers)
terrain_add_test(tst_tfjsonparser SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_tfjsonparser.cpp LIBS terrain_importers)
terrain_add_test(tst_tfgraphparser SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_tfgraphparser.cpp LIBS terrain_importers)
terrain_add_test(tst_attributetape SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_attributetape.cpp LIBS terrain_importers)
# tst_terraformworkdir reads working directories through a stand-in for `terraform`, and with the real one
# when it is on PATH (skipped otherwise).
terrain_add_test(tst_terraformworkdir SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_terraformworkdir.cpp LIBS terrain_importers)
