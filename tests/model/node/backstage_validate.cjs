// Validates a Backstage catalog file with Backstage's own catalog model (@backstage/catalog-model): the
// envelope and kind schemas, the policies the catalog backend applies (default namespace, no foreign root
// fields, field formats: names, tags, annotations) and every entity reference in the relation fields.
// Usage: node backstage_validate.cjs FILE. Exit 0 when every entity is valid, 1 with the reason
// otherwise, 3 when @backstage/catalog-model or yaml is not installed (the test then skips).
'use strict';
let model, YAML;
try {
    model = require('@backstage/catalog-model');
    YAML = require('yaml');
} catch (e) {
    console.error('@backstage/catalog-model or yaml not installed: ' + e.message);
    process.exit(3);
}
const fs = require('node:fs');

async function main() {
    const docs = YAML.parseAllDocuments(fs.readFileSync(process.argv[2], 'utf8'));
    const policy = model.EntityPolicies.allOf([
        new model.DefaultNamespaceEntityPolicy(),
        new model.NoForeignRootFieldsEntityPolicy(),
        new model.FieldFormatEntityPolicy(),
        new model.SchemaValidEntityPolicy(),
    ]);
    const validators = [model.componentEntityV1alpha1Validator, model.resourceEntityV1alpha1Validator,
                        model.systemEntityV1alpha1Validator];
    const seen = new Set();
    const counts = {};
    for (const [i, doc] of docs.entries()) {
        if (doc.errors.length)
            throw new Error(`document ${i + 1}: YAML: ${doc.errors[0].message}`);
        const raw = doc.toJS();
        const entity = await policy.enforce(raw);
        if (!entity)
            throw new Error(`document ${i + 1}: rejected by the entity policies`);
        let known = false;
        for (const v of validators)
            if (await v.check(entity))
                known = true;
        if (!known)
            throw new Error(`document ${i + 1}: kind ${entity.kind} is not a Component, Resource or System`);
        const ref = model.stringifyEntityRef(entity).toLowerCase();
        if (seen.has(ref))
            throw new Error(`document ${i + 1}: ${ref} is defined twice`);
        seen.add(ref);
        const spec = entity.spec || {};
        const refs = [['owner', spec.owner, 'group'], ['system', spec.system, 'system']];
        for (const r of spec.dependsOn || [])
            refs.push(['dependsOn', r, undefined]);
        for (const [field, value, defaultKind] of refs) {
            if (value === undefined)
                continue;
            const parsed = model.parseEntityRef(value, { defaultKind, defaultNamespace: 'default' });
            if (!model.KubernetesValidatorFunctions.isValidObjectName(parsed.name))
                throw new Error(`document ${i + 1}: ${field} ${value}: not a valid entity name`);
        }
        counts[entity.kind] = (counts[entity.kind] || 0) + 1;
    }
    // Every dependsOn must name an entity of the file.
    for (const doc of docs) {
        const e = doc.toJS();
        for (const r of (e.spec && e.spec.dependsOn) || [])
            if (!seen.has(model.stringifyEntityRef(model.parseEntityRef(r)).toLowerCase()))
                throw new Error(`${e.metadata.name}: dependsOn ${r} names no entity of the file`);
    }
    console.log(JSON.stringify(counts));
}
main().catch(e => {
    console.error(e.message || String(e));
    process.exit(1);
});
