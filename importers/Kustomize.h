#pragma once
// Kustomizations in what an import reads: the command that renders one (kustomize or kubectl, where the
// machine has one), which of a folder's Kustomizations are rendered and which files each one reads, and the
// rendering itself. A rendered Kustomization is imported as the Kubernetes objects it gives, with its
// namespace, name prefixes, patches and generated objects applied, as they are applied to a cluster; the
// files it reads are not read again on their own.

#include "SourceText.h"
#include "ToolCommand.h"

#include <QString>

#include <map>
#include <set>
#include <string>
#include <vector>

namespace terrain {

/// The command that renders a Kustomization's folder (the folder's path appended to it): the words of
/// $TERRAIN_KUSTOMIZE where it is set ("" or "none": none, empty), else `kustomize build` or `kubectl
/// kustomize`, whichever is found first on PATH, else `kubectl kustomize` all the same, which then cannot
/// run: a Kustomization is read as what it applies, or not at all.
std::vector<std::string> kustomizeCommand();

/// Whether `command` inflates Helm charts (`--enable-helm`, `--enable-helm=true`): it then renders a
/// Kustomization that names one, writing the chart into the Kustomization's folder.
bool inflatesHelmCharts(const std::vector<std::string>& command);

/// The Kustomizations among a folder's files (kustomization.yaml, kustomization.yml, Kustomization) and what
/// they read, for scanSources().
struct Kustomizations {
    /// Those rendered (a command was given, the Kustomization is not read as part of another one of the
    /// files, and readKustomizations() renders it), by path as in the files.
    std::vector<std::string> rendered;
    /// Of those, each that reads a Kustomization of another folder than its own or one below it (an overlay
    /// of a base, ../../base): its folder is where it is applied (overlays/eu), by path as in the files.
    std::set<std::string> overlays;
    /// Each file one of those reads (its resources, its bases' files and Kustomizations, its components,
    /// patches and generators' files), by absolute path: the paths of those that read it.
    std::map<QString, std::vector<std::string>> renderedBy;
    /// Each file only Kustomizations not rendered (notRendered) read, by absolute path: their paths. It is
    /// part of what they would apply, not an object as it is.
    std::map<QString, std::vector<std::string>> notRenderedBy;
    /// Where there is no command to render with, each patch of a Kustomization (`patches`,
    /// `patchesStrategicMerge`, `patchesJson6902`), by absolute path: the Kustomization's path. A patch is
    /// part of an object defined elsewhere.
    std::map<QString, std::string> patches;
    /// Of a Kustomization not rendered though a command was given, why (it names a remote base, it is a
    /// Component, it inflates a Helm chart).
    std::map<std::string, std::string> notRendered;
};

/// Reads the Kustomizations among `files` (a folder's, walked) and what they read from disk; `command`: the
/// one to render them with (kustomizeCommand()), if any. A Kustomization that cannot be read is left to say
/// so when it is parsed. One that names a remote base, a Component, and one that inflates a Helm chart
/// (unless the command has `--enable-helm`) are not rendered.
Kustomizations readKustomizations(const std::vector<std::string>& files,
                                  const std::vector<std::string>& command);

/// The Kubernetes objects `kustomizationPath`'s Kustomization gives: the output of `command` run on its
/// folder, as the text of that file (SourceText::renderedWith names the command). Throws Error naming the
/// file where the command cannot run, fails (with what it says), takes over a minute or gives no text.
/// `wanted`: whether the import still is, while it runs (runCommand()).
SourceText renderKustomization(const std::vector<std::string>& command, const std::string& kustomizationPath,
                               const std::function<bool()>& wanted = {});

} // namespace terrain
