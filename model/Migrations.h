#pragma once
// Strangler-fig migrations (DESIGN section 1, step 6; issue 5): the state of a track from its stages,
// the checks an editor and `terrain check` apply, and the one-line summary shown on the map and in the
// roadmap.
//
// The current traffic share is the share of the last stage marked done (0 before the first): stages
// step the traffic up (5 % → 25 % → 100 %), so their shares must not go down.

#include "Entities.h"

#include <optional>
#include <string>
#include <vector>

namespace terrain {

class Project;

/// The usual steps of a strangler migration: 5 %, 25 %, 100 % of traffic on the replacement.
std::vector<MigrationStage> defaultMigrationStages();

/// The share (percent) of traffic on the replacement now: that of the last stage done, or 0.
int currentTrafficShare(const Migration& m);
/// The index of the first stage not done, or nothing when all are done (or there are none).
std::optional<size_t> nextStageIndex(const Migration& m);

/// "not started", "5 % (stage 1 of 3: Canary)", "complete: 100 %".
std::string migrationProgress(const Migration& m);

/// What is wrong with a track, each naming the field: a share outside 0..100 or lower than the stage
/// before, a date not YYYY-MM-DD, a stage done after one not done, the legacy system replaced by itself,
/// a criterion without a metric or target, a decommission planned before the traffic is all moved.
std::vector<std::string> migrationProblems(const Migration& m);

/// Saves `m` (an existing migration, or a new one when its id is 0) as one undoable edit after checking
/// it: throws Error naming the migration and the field, and changes nothing, when migrationProblems() is
/// not empty. Returns the id.
Id saveMigration(Project& project, const Migration& m, const std::string& editText = {});

} // namespace terrain
