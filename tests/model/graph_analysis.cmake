# Analysis on the map (blast radius, single points of failure, parity, ...) and the graph exports
# (DOT, Mermaid, SVG, PNG). Included from tests/model/CMakeLists.txt.
terrain_add_test(tst_graphanalysis SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_graphanalysis.cpp LIBS terrain_model)
# Reads the DOT back with cgraph and loads the PNG with QImage (QtGui, no Widgets).
terrain_add_test(tst_graphexport SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_graphexport.cpp
                 LIBS terrain_model Qt6::Gui PkgConfig::GRAPHVIZ)
