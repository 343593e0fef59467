#include "GraphvizLock.h"

namespace terrain {

std::mutex& graphvizMutex() {
    static std::mutex m;
    return m;
}

} // namespace terrain
