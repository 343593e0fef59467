#pragma once
// Kubernetes manifests (multi-document YAML, `kind: List`) and `kubectl get -o json` output (a List or
// one object) to systems and edges: workloads (Pods and ReplicaSets folded into the workload that owns
// them), Services, Ingresses, ConfigMaps, Secrets (by name only, never their data) and
// PersistentVolumeClaims, Gateway API Gateways (their routes folded in), grouped by namespace; edges
// from Service selectors, Ingress backends, Gateway API routes' backendRefs,
// ConfigMap/Secret/PVC references, and hosts named in environment values and ConfigMap data. The files
// of one import are read together (parseEach()): what one defines is seen by the others.

#include "FormatParser.h"

#include <string_view>

namespace terrain {

/// The names kustomize reads a Kustomization from (a path's file name), which may leave out its apiVersion
/// and kind.
bool isKustomizationName(const std::string& fileName);
/// Whether a file of one of those names (isKustomizationName()) is kustomize's, by the apiVersion of `text`
/// (its start will do): a Flux Kustomization (kustomize.toolkit.fluxcd.io) saved under that name is an
/// object.
bool isKustomizeFile(const std::string& fileName, std::string_view text);

class K8sParser : public FormatParser {
public:
    std::string format() const override { return "k8s"; }
    std::string description() const override;
    int sniff(const std::string& fileName, const std::string& text) const override;
    /// A file of a tool that works with clusters, not of their objects: a Kustomization, a kubeconfig, a
    /// kind, k3d, Skaffold or kubeadm configuration, a component's configuration (KubeletConfiguration).
    std::optional<std::string> notAnInput(const std::string& fileName, const std::string& text,
                                          const ParseOptions& options) const override;
    Discovery parse(const SourceText& src, const ParseOptions& options) const override;
    /// Manifests split over files see each other: a Service selects a workload of another file, a
    /// workload finds the hosts in a ConfigMap of another file, an autoscaler's bounds reach its workload.
    std::vector<Discovery> parseEach(const std::vector<SourceText>& srcs,
                                     const ParseOptions& options) const override;
    bool readsFilesTogether() const override { return true; }
};

} // namespace terrain
