# Tests of the CloudFormation, Backstage, AWS CLI, CSV, Prometheus and Ansible parsers (included from
# tests/importers/CMakeLists.txt).
terrain_add_test(tst_cfnparser SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_cfnparser.cpp LIBS terrain_importers)
terrain_add_test(tst_backstageparser SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_backstageparser.cpp LIBS terrain_importers)
terrain_add_test(tst_awscliparser SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_awscliparser.cpp LIBS terrain_importers)
terrain_add_test(tst_csvparser SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_csvparser.cpp LIBS terrain_importers)
terrain_add_test(tst_prometheusparser SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_prometheusparser.cpp LIBS terrain_importers)
terrain_add_test(tst_ansibleparser SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_ansibleparser.cpp LIBS terrain_importers)
