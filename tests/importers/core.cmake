# Tests of the importers' shared parts (included from tests/importers/CMakeLists.txt).
terrain_add_test(tst_sourcetext SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_sourcetext.cpp LIBS terrain_importers)
terrain_add_test(tst_streamedjson SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_streamedjson.cpp LIBS terrain_importers)
terrain_add_test(tst_fileglob SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_fileglob.cpp LIBS terrain_importers)
terrain_add_test(tst_redaction SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_redaction.cpp LIBS terrain_importers)
terrain_add_test(tst_yamljson SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_yamljson.cpp LIBS terrain_importers)
terrain_add_test(tst_importmerge SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_importmerge.cpp LIBS terrain_importers)
terrain_add_test(tst_fuzzcorpus SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_fuzzcorpus.cpp LIBS terrain_importers)
terrain_add_test(tst_importjob SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_importjob.cpp LIBS terrain_importers)
terrain_add_test(tst_secrets SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_secrets.cpp LIBS terrain_importers)
# What an import asks of the allocator (jemalloc); not in the fuzzing build, which has none.
if(NOT TERRAIN_FUZZ)
    terrain_add_test(tst_freedpages SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_freedpages.cpp LIBS terrain_importers)
endif()
