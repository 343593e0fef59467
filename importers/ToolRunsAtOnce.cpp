#include "ToolRunsAtOnce.h"

#include <QtGlobal>

namespace terrain {

int toolRunsAtOnce() {
    bool ok = false;
    const int set = qEnvironmentVariableIntValue("TERRAIN_TOOL_JOBS", &ok);
    return ok ? std::clamp(set, 1, 16) : 4;
}

} // namespace terrain
