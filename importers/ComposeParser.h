#pragma once
// docker compose files (legacy `version: '2'`/'3', Compose Specification, and the JSON of
// `docker compose config --format json`) to systems and edges: one system per service, grouped by
// project; edges from depends_on, links, network_mode/ipc/pid `service:X`, volumes_from and hosts named
// in environment values; external_links and unknown hosts as external systems. `extends` (in the file or
// another) and `include` are applied first, as docker compose applies them, and `${VAR}` is read from the
// `.env` beside the file; a service's env_file entries count as its environment. A variant beside the
// project's file (docker-compose.prod.yml beside docker-compose.yml) is read merged onto it, as `docker
// compose -f docker-compose.yml -f docker-compose.prod.yml` reads it, under the scope
// "compose:<project>+<word>"; where the word names an environment, its systems are that environment's, keyed
// "compose:<project>/<service>@<env>". A service's image is kept as `docker compose config` shows it,
// interpolated (`shop-app:${APP_TAG:-1.4.2}` with APP_TAG=2.0.0 in
// `.env`: `shop-app:2.0.0`), but as written where a variable it uses is a secret (by its name or value).
// Environment values (those files' too), build args and secrets are never kept.

#include "FormatParser.h"

namespace terrain {

class ComposeParser : public FormatParser {
public:
    std::string format() const override { return "compose"; }
    std::string description() const override;
    int sniff(const std::string& fileName, const std::string& text) const override;
    Discovery parse(const SourceText& src, const ParseOptions& options) const override;
};

} // namespace terrain
