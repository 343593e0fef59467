#pragma once
// Kubernetes manifests (multi-document YAML, `kind: List`) and `kubectl get -o json` output (a List or
// one object) to systems and edges: workloads (Pods and ReplicaSets folded into the workload that owns
// them), Services, Ingresses, ConfigMaps, Secrets (by name only, never their data) and
// PersistentVolumeClaims, grouped by namespace; edges from Service selectors, Ingress backends,
// ConfigMap/Secret/PVC references, and hosts named in environment values and ConfigMap data.

#include "FormatParser.h"

namespace terrain {

class K8sParser : public FormatParser {
public:
    std::string format() const override { return "k8s"; }
    std::string description() const override;
    int sniff(const std::string& fileName, const std::string& text) const override;
    Discovery parse(const SourceText& src, const ParseOptions& options) const override;
};

} // namespace terrain
