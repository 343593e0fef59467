#pragma once
// What every new map starts with: the ten improvement areas and the symptom checklist of DESIGN
// section 1. Keys are stable; titles and texts are what a person reads.

#include <string>
#include <vector>

namespace terrain {

struct AreaTemplate {
    std::string key;
    std::string title;
    std::string description;
};

struct SymptomTemplate {
    std::string key;
    std::string text;
    std::vector<std::string> areas; ///< area keys
};

const std::vector<AreaTemplate>& defaultAreas();
const std::vector<SymptomTemplate>& defaultSymptoms();

class Project;
/// Inserts the default areas and symptoms that the map does not have yet (matched by key), as one edit
/// that is not part of the undo history.
void seedCatalog(Project& project);
/// Fills `project` with the bundled demo map (resources/demo/demo-map.json) as one edit.
void populateDemo(Project& project);

} // namespace terrain
