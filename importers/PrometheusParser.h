#pragma once
// Prometheus: which systems are monitored, as facts about them (Discovery::facts), not as systems or
// edges. Three inputs:
//   - prometheus.yml: scrape_configs[].job_name and static_configs[].targets; the file_sd_configs files
//     are read with it, relative to it (globs too; Discovery::included), their targets under its job;
//     other *_sd_configs are named. The Prometheus server itself is one system (key
//     "prometheus:<file stem>", kind monitoring; where a configuration of another file of that name holds
//     the key, "prometheus:<folder>/<file stem>": prod/ and staging/prometheus.yml are two). basic_auth,
//     authorization, bearer_token, oauth2, tls_config, params, relabelling are never read.
//   - file_sd target lists (JSON or YAML): [{targets: ["host:port", ...], labels: {...}}].
//   - the HTTP API's /api/v1/targets answer: data.activeTargets[] (instance, job, health).
//
// Facts are keyed by the target's host, lower-cased ("api" for "api:8080", "10.0.0.5" for
// "10.0.0.5:9100", "example.org" for "https://example.org/metrics"); targets on localhost/127.0.0.1/::1
// in prometheus.yml are the Prometheus server's own (keyed by its key), and are left out of target
// lists. The shape of one fact (every value a string):
//   {"monitored_by": "prometheus",
//    "scrape_job": "node, blackbox",              (jobs, ", "-joined, when known)
//    "scrape_targets": "api:8080, api:9100",      (host:port as scraped, ", "-joined; planMerge() joins
//                                                  the lists of every host that names one system)
//    "scrape_health": "up",                       (HTTP API answers only)
//    "prometheus_label.<name>": "<value>"}        (target labels, through the redaction)

#include "FormatParser.h"

namespace terrain {

class PrometheusParser : public FormatParser {
public:
    std::string format() const override { return "prometheus"; }
    std::string description() const override;
    int sniff(const std::string& fileName, const std::string& text) const override;
    Discovery parse(const SourceText& src, const ParseOptions& options) const override;
};

} // namespace terrain
