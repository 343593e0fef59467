#pragma once
// Keeping secrets out of the map. Importers pass every value they would keep through here: keys that
// name secrets, values that look like secrets, and credentials inside URLs never reach the model.
// What a map keeps of a resource is its identity, type, relations and a few safe facts; when in doubt,
// a value is dropped.

#include "Entities.h"

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace terrain {

/// True for keys that name secrets: password, token, secret, private_key, *_pem, connection_string,
/// user_data, certificate, kubeconfig, credentials, api_key, webhook, ... (case and separators ignored);
/// false for a key that ends by naming a place (AUTH_SERVICE_HOST, TOKEN_URL), except a signed URL's, a
/// DSN's and a webhook's.
bool isSecretKey(std::string_view key);

/// True for values that are secrets whatever their key: PEM blocks, AWS access key ids, JWTs,
/// Ansible vault blobs, private SSH keys, long base64 or hex blobs.
bool looksLikeSecret(std::string_view value);

/// True for text that gives a secret a value inside it: `password=...`, `Password=...;` in a connection
/// string, `token: ...`, `?api_key=...` in a URL (a name isSecretKey() says is a secret, then `=` or `: `,
/// then something).
bool assignsSecret(std::string_view value);

/// `scheme://user:pass@host/...` → `scheme://host/...`; other text unchanged.
std::string stripUrlCredentials(std::string_view value);

/// A safe scalar for the map: the value with URL credentials removed, or nothing when the key names
/// a secret, the value looks like one or assigns one, or it is too long to be a fact (over 256
/// characters).
std::optional<std::string> safeValue(std::string_view key, std::string_view value);
/// safeValue() written into `out` (its room used again: no allocation per value); false, and `out`
/// unspecified, where safeValue() gives nothing.
bool safeValueInto(std::string_view key, std::string_view value, std::string& out);

/// The safe facts of an attribute object: scalars (and arrays of up to 16 scalars) under keys that
/// are not secrets, with values passed through safeValue(). Nested objects are dropped, except that
/// `tags`/`labels` maps are kept as "tags.<k>". `isSensitive(key)` lets a format add its own marks
/// (Terraform's sensitive_attributes, CloudFormation NoEcho parameters).
json safeAttributes(const json& attributes, const std::function<bool(const std::string&)>& isSensitive = {});

/// The member `k`: `v` of an attribute object as safeAttributes() keeps it, added to `out` (nothing
/// when it is not safe). For importers that choose their members one by one without copying them first.
void addSafeAttribute(json& out, const std::string& k, const json& v,
                      const std::function<bool(const std::string&)>& isSensitive = {});

} // namespace terrain
