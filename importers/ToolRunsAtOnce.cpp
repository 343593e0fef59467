#include "ToolRunsAtOnce.h"

#include <QtGlobal>

namespace terrain {

int toolRunsAtOnce() {
    bool ok = false;
    const int set = qEnvironmentVariable("TERRAIN_TOOL_JOBS").trimmed().toInt(&ok, 10); // (010 is ten)
    return ok ? std::clamp(set, 1, 16) : 4;
}

} // namespace terrain
