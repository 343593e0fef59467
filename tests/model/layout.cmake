# Layout engine and stored positions (model/GraphLayout, Project::positions). The child-process tests
# run the real terrain-layout program.
terrain_add_test(tst_graphlayout SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_graphlayout.cpp LIBS terrain_model)
target_compile_definitions(tst_graphlayout PRIVATE TERRAIN_LAYOUT_BIN="$<TARGET_FILE:terrain-layout>")
add_dependencies(tst_graphlayout terrain-layout)
terrain_add_test(tst_positions SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_positions.cpp LIBS terrain_model)
