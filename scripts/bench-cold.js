// The yardstick of scripts/bench-cold: one npm package version verified offline with sigstore-js
// (the `sigstore` package and the @sigstore modules it verifies with), the way `npm audit
// signatures` does, against a trusted root and npm keys read from files — no TUF fetch.
//
//   node scripts/bench-cold.js ATTESTATIONS TARBALL TRUSTED_ROOT NPM_KEYS NAME@VERSION
//
// The provenance bundle is verified keyless: Fulcio certificate, CT and transparency log against
// the trusted root, and the certificate's identity must be the workflow the provenance names, from
// GitHub Actions' issuer. The publish attestation is verified with the npm key its hint names. Both
// statements must be about pkg:npm/NAME@VERSION with the tarball's SHA-512. Prints
// "VERIFIED NAME@VERSION" and exits 0; anything else exits 1 with the reason on stderr.
'use strict';

const fs = require('fs');
const crypto = require('crypto');
const { bundleFromJSON } = require('@sigstore/bundle');
const { TrustedRoot } = require('@sigstore/protobuf-specs');
const { Verifier, toSignedEntity, toTrustMaterial } = require('@sigstore/verify');
// The same option handling sigstore.verify() applies: policy from identity options, key finder.
const config = require('sigstore/dist/config');

const PUBLISH = 'https://github.com/npm/attestation/tree/main/specs/publish/v0.1';
const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com';

function main([attestationsFile, tarballFile, trustedRootFile, npmKeysFile, spec]) {
  if (!spec) throw new Error('usage: bench-cold.js ATTESTATIONS TARBALL TRUSTED_ROOT NPM_KEYS NAME@VERSION');
  const at = spec.lastIndexOf('@');
  const name = spec.slice(0, at);
  const version = spec.slice(at + 1);
  const attestations = JSON.parse(fs.readFileSync(attestationsFile, 'utf8')).attestations;
  const publish = attestations.find((a) => a.predicateType === PUBLISH);
  const provenance = attestations.find((a) => a.predicateType.startsWith('https://slsa.dev/provenance/'));
  if (!publish || !provenance) throw new Error('expected a publish attestation and a provenance');

  const trustedRoot = TrustedRoot.fromJSON(JSON.parse(fs.readFileSync(trustedRootFile, 'utf8')));
  const npmKeys = JSON.parse(fs.readFileSync(npmKeysFile, 'utf8')).keys;
  const keySelector = (hint) => {
    const key = npmKeys.find((k) => k.keyId === hint);
    return key && `-----BEGIN PUBLIC KEY-----\n${key.publicKey.rawBytes}\n-----END PUBLIC KEY-----\n`;
  };
  const verifier = new Verifier(toTrustMaterial(trustedRoot, config.createKeyFinder(keySelector)), {});

  const provenanceStatement = statementOf(provenance.bundle);
  verifier.verify(toSignedEntity(bundleFromJSON(provenance.bundle)), config.createVerificationPolicy({
    certificateIssuer: GITHUB_ISSUER,
    certificateIdentityURI: workflowIdentity(provenanceStatement),
  }));
  verifier.verify(toSignedEntity(bundleFromJSON(publish.bundle)), config.createVerificationPolicy({}));

  const sha512 = crypto.createHash('sha512').update(fs.readFileSync(tarballFile)).digest('hex');
  const purl = `pkg:npm/${name.replace('@', '%40')}@${version}`;
  for (const statement of [statementOf(publish.bundle), provenanceStatement]) {
    const subject = statement.subject[0];
    if (statement.subject.length !== 1 || subject.name !== purl || subject.digest.sha512 !== sha512) {
      throw new Error(`subject ${JSON.stringify(subject)} is not ${purl} with sha512 ${sha512}`);
    }
  }
  console.log(`VERIFIED ${spec}`);
}

function statementOf(bundle) {
  return JSON.parse(Buffer.from(bundle.dsseEnvelope.payload, 'base64').toString('utf8'));
}

// The workflow the provenance says built the package, as Fulcio writes it into the certificate.
function workflowIdentity(statement) {
  const predicate = statement.predicate;
  if (predicate.buildDefinition) { // SLSA v1
    const w = predicate.buildDefinition.externalParameters.workflow;
    return `${w.repository}/${w.path}@${w.ref}`;
  }
  const source = predicate.invocation.configSource; // SLSA v0.2: git+https://github.com/o/r@ref
  const [repository, ref] = source.uri.replace(/^git\+/, '').split('@');
  return `${repository}/${source.entryPoint}@${ref}`;
}

try {
  main(process.argv.slice(2));
} catch (e) {
  console.error(`bench-cold.js: not verified: ${e.message}`);
  process.exit(1);
}
