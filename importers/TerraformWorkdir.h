#pragma once
// Terraform working directories in what an import reads: a folder where `terraform init` has been run keeps
// its backend's settings in `.terraform/terraform.tfstate`, and its state lies in that backend (S3, GCS,
// Azure, Terraform Cloud...), not in the folder. Terrain reads the state of each of its workspaces as
// `terraform state pull` gives it, read-only, as the user's own credentials allow; a folder whose state is a
// file in it (the local backend) is read as that file. The configuration's code is no input.

#include "SourceText.h"

#include <QString>

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace terrain {

/// The command that reads a working directory's state (`state pull` and `workspace list` appended to it):
/// the words of $TERRAIN_TERRAFORM where it is set ("" or "none": none, empty), else `terraform` or `tofu`
/// (OpenTofu), whichever is found first on PATH, else `terraform` all the same, which then cannot run: a
/// state is read as its backend holds it, or not at all.
std::vector<std::string> terraformCommand();

/// An initialised Terraform working directory, as its `.terraform/terraform.tfstate` says.
struct TerraformWorkdir {
    QString folder;      ///< absolute, clean
    std::string backend; ///< "s3", "gcs", "azurerm", "cloud", "remote", "local"...
    /// For the local backend, the state's file, absolute, and the folder of the other workspaces' states
    /// (`<workspaceDir>/<workspace>/<file name>`); empty for any other backend.
    QString localState;
    QString localWorkspaces;
    /// The values of its settings that are secrets (a password, a key, a token), held only to keep them out
    /// of what Terraform's messages quote (a URL, a setting): never shown, never stored.
    std::vector<std::string> secrets;
};

/// The working directory `folder` is, where `terraform init` has written its backend there; nullopt for any
/// other folder (never initialised, or with no backend: its state, if any, is its `terraform.tfstate`). Of
/// the backend's settings, its type and a local backend's paths are used, and the secrets among them are held
/// to be kept out of messages (TerraformWorkdir::secrets).
std::optional<TerraformWorkdir> terraformWorkdir(const QString& folder);

/// The backend a configuration's file declares (`backend "s3" {`, or "cloud" for a `cloud {` block), from
/// its text; "" where it declares none.
std::string declaredBackend(const std::string& text);

/// The workspaces of a working directory, as `terraform workspace list` gives them (default first, as it
/// lists them). Throws Error naming `path` (the folder, as the import shows it) where the command cannot run
/// or fails, with what it says. `wanted`: whether the import still is, while it runs (runCommand()).
std::vector<std::string> terraformWorkspaces(const std::vector<std::string>& command,
                                             const TerraformWorkdir& w, const std::string& path,
                                             const std::function<bool()>& wanted = {});

/// The local backend's state file of `workspace`, absolute; "" for another backend.
QString localStateOf(const TerraformWorkdir& w, const std::string& workspace);

/// The state of `workspace` as `terraform state pull` gives it, as the text of the working directory (its
/// path the folder's); its text is empty where the workspace has no state yet. Throws Error naming `path`
/// where the command cannot run, fails (with what it says), or takes over ten minutes.
SourceText pullTerraformState(const std::vector<std::string>& command, const TerraformWorkdir& w,
                              const std::string& workspace, const std::string& path,
                              const std::function<bool()>& wanted = {});

/// Whether what `terraform state pull` gave says the workspace has no state yet: nothing, or a state of no
/// lineage and no resources (as an http backend gives it).
bool hasNoState(const std::string& text);

/// How a pulled state is named in messages and reports: "infra/ (workspace staging)", or "infra/" for the
/// default workspace of a folder that has no other.
std::string pulledStateName(const std::string& folderPath, const std::string& workspace, bool onlyWorkspace);

} // namespace terrain
