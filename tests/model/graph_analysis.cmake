# Analysis on the map (blast radius, single points of failure, parity, ...) and the graph exports
# (DOT, Mermaid, SVG, PNG). Included from tests/model/CMakeLists.txt.
terrain_add_test(tst_graphanalysis SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_graphanalysis.cpp LIBS terrain_model)
