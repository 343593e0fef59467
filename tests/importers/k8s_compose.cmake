# Tests of the Kubernetes and compose importers and the host references they share (included from
# tests/importers/CMakeLists.txt).
terrain_add_test(tst_hostrefs SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_hostrefs.cpp LIBS terrain_importers)
terrain_add_test(tst_k8sparser SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_k8sparser.cpp LIBS terrain_importers)
terrain_add_test(tst_composeparser SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_composeparser.cpp LIBS terrain_importers)
terrain_add_test(tst_kustomize SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_kustomize.cpp LIBS terrain_importers)
