# The document exports: roadmap, workshop report, Backstage catalog (included from tests/model/CMakeLists.txt).
# Links the importers too, to read the Backstage catalog back. Node checks (Mermaid's parser, Backstage's
# catalog model) run when their modules are installed, e.g.
#   npm install --prefix build/npm @backstage/catalog-model yaml mermaid@10 jsdom
# and are skipped otherwise.
terrain_add_test(tst_documentexport SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_documentexport.cpp
                 LIBS terrain_model terrain_importers Qt6::Gui)
target_compile_definitions(tst_documentexport PRIVATE
    TERRAIN_EXPORT_OUTPUT_DIR="${CMAKE_CURRENT_BINARY_DIR}/export-output"
    TERRAIN_NODE_SCRIPTS="${CMAKE_CURRENT_LIST_DIR}/node"
    TERRAIN_NODE_MODULES="${PROJECT_BINARY_DIR}/npm/node_modules")
