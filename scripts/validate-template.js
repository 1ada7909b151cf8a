// Validates an AWS SAM template offline, with AWS's own validator as aws-cdk-lib ships it.
// Run by scripts/validate-template, which installs aws-cdk-lib and constructs; see there.
//
// Two passes, each a CDK synthesis with the CloudFormation validation engine turned to errors:
//  1. The template as written, through cloudformation-include's CfnInclude: YAML, intrinsic
//     functions (every Ref, GetAtt, Sub and Condition must name something that exists), parameter
//     and output rules, the types of the SAM properties CDK knows, and every plain CloudFormation
//     resource against its registry schema.
//  2. The SAM resources translated, property for property, into the CloudFormation resources
//     SAM deploys (AWS::Lambda::Function, AWS::ApiGatewayV2::Api, Route and Stage, the function's
//     IAM policy), so that what the validator does not check on SAM types directly (a runtime,
//     a memory size, an architecture, SnapStart, CORS, a route key, a policy document) is checked
//     against Lambda's, API Gateway's and IAM's schemas and rules.
// Warnings fail too, except the rules acknowledged below with a reason.
//
//   node validate-template.js TEMPLATE OUTDIR
//   node validate-template.js --self-test TEMPLATE OUTDIR   # then broken copies, each must fail
'use strict';

const fs = require('fs');
const path = require('path');
const cdk = require('aws-cdk-lib');
const include = require('aws-cdk-lib/cloudformation-include');

const ACKNOWLEDGED = [
  {
    id: 'CloudFormation-Validate::W2509',
    reason: 'the *SecretArn parameters hold the ARN of a secret, not the secret; echoing it is fine',
  },
];

const STRICT = {
  '@aws-cdk/core:validateAgainstDefaultRules': true,
  '@aws-cdk/core:strictCfnValidateErrors': true,
};

function synth(templateFile, outdir) {
  fs.rmSync(outdir, { recursive: true, force: true });
  const app = new cdk.App({ outdir, context: STRICT });
  const stack = new cdk.Stack(app, 'Template', { synthesizer: new cdk.LegacyStackSynthesizer() });
  new include.CfnInclude(stack, 'Included', { templateFile });
  for (const ack of ACKNOWLEDGED) {
    cdk.Validations.of(app).acknowledge(ack);
  }
  app.synth();
  return JSON.parse(fs.readFileSync(path.join(outdir, 'Template.template.json'), 'utf8'));
}

const FUNCTION_PROPERTIES = [
  'Architectures', 'Description', 'Environment', 'EphemeralStorage', 'FunctionName', 'Handler', 'KmsKeyArn',
  'Layers', 'LoggingConfig', 'MemorySize', 'ReservedConcurrentExecutions', 'Runtime', 'SnapStart', 'Timeout',
  'VpcConfig',
];
const SAM_FUNCTION_ONLY = [
  'AutoPublishAlias', 'CodeUri', 'Events', 'Policies', 'DeploymentPreference', 'AutoPublishCodeSha256',
  'ProvisionedConcurrencyConfig', 'FunctionUrlConfig', 'Tracing', 'Tags', 'DeadLetterQueue',
];
const HTTP_API_ONLY = ['CorsConfiguration', 'DefaultRouteSettings', 'Description', 'StageName', 'Tags'];

function pick(properties, names) {
  const out = {};
  for (const name of names) {
    if (properties[name] !== undefined) {
      out[name] = properties[name];
    }
  }
  return out;
}

// SAM's rule for Globals: a map is merged key by key (the resource's value wins), a list is the
// global items followed by the resource's, anything else is the resource's when it has one.
function mergeGlobals(global, own) {
  if (own === undefined) {
    return global;
  }
  if (Array.isArray(global) && Array.isArray(own)) {
    return [...global, ...own];
  }
  const isMap = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
  if (isMap(global) && isMap(own) && !Object.keys(own).some((k) => k.startsWith('Fn::') || k === 'Ref')) {
    const out = { ...global };
    for (const [key, value] of Object.entries(own)) {
      out[key] = mergeGlobals(global[key], value);
    }
    return out;
  }
  return own;
}

// What SAM deploys for the resources this project uses, in plain CloudFormation.
function translate(template) {
  const out = {
    AWSTemplateFormatVersion: '2010-09-09',
    Parameters: template.Parameters,
    Conditions: template.Conditions,
    Resources: {},
  };
  const problems = [];
  const globals = template.Globals || {};
  for (const section of Object.keys(globals)) {
    if (section !== 'Function') {
      problems.push(`Globals: section ${section} is not one this validator translates; add it to validate-template.js`);
    }
  }
  const functionGlobals = globals.Function || {};
  for (const [id, resource] of Object.entries(template.Resources || {})) {
    const p = resource.Type === 'AWS::Serverless::Function'
      ? mergeGlobals(functionGlobals, resource.Properties || {}) : resource.Properties || {};
    const base = pick(resource, ['Condition', 'DependsOn']);
    if (resource.Type === 'AWS::Serverless::Function') {
      for (const key of Object.keys(p)) {
        if (!FUNCTION_PROPERTIES.includes(key) && !SAM_FUNCTION_ONLY.includes(key)) {
          problems.push(`${id}: property ${key} is not one this validator translates; add it to validate-template.js`);
        }
      }
      const role = `${id}Role`;
      out.Resources[id] = {
        ...base,
        Type: 'AWS::Lambda::Function',
        Properties: {
          ...pick(p, FUNCTION_PROPERTIES),
          ...(p.DeadLetterQueue !== undefined ? { DeadLetterConfig: { TargetArn: p.DeadLetterQueue.TargetArn } } : {}),
          ...(p.Tracing !== undefined ? { TracingConfig: { Mode: p.Tracing } } : {}),
          Code: { S3Bucket: 'validate-template-placeholder', S3Key: 'function.jar' },
          Role: { 'Fn::GetAtt': [role, 'Arn'] },
        },
      };
      // Policies: inline documents are checked as IAM policies; managed policy names and ARNs go
      // to ManagedPolicyArns; SAM policy templates (SQSPollerPolicy: ...) are SAM's to expand.
      const policies = [];
      const managed = [];
      (Array.isArray(p.Policies) ? p.Policies : p.Policies === undefined ? [] : [p.Policies]).forEach((policy, i) => {
        const entry = (document) => (isNoValue(document)
          ? document : { PolicyName: `${id}Policy${i}`, PolicyDocument: { Version: '2012-10-17', ...document } });
        if (typeof policy === 'string') {
          managed.push(policy.startsWith('arn:') ? policy : { 'Fn::Sub': `arn:\${AWS::Partition}:iam::aws:policy/${policy}` });
        } else if (policy['Fn::If']) {
          const [condition, yes, no] = policy['Fn::If'];
          policies.push({ 'Fn::If': [condition, entry(yes), entry(no)] });
        } else if (policy.Statement !== undefined) {
          policies.push(entry(policy));
        } else if (!Object.keys(policy).every((key) => key.endsWith('Policy'))) {
          problems.push(`${id}: policy ${i} is neither a document, a managed policy nor a SAM policy template`);
        }
      });
      out.Resources[role] = {
        ...base,
        Type: 'AWS::IAM::Role',
        Properties: {
          AssumeRolePolicyDocument: {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
          },
          ManagedPolicyArns: [
            { 'Fn::Sub': 'arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole' },
            ...managed,
          ],
          ...(policies.length ? { Policies: policies } : {}),
        },
      };
      if (p.AutoPublishAlias !== undefined) {
        out.Resources[`${id}Version`] = {
          ...base, Type: 'AWS::Lambda::Version', Properties: { FunctionName: { Ref: id } },
        };
        out.Resources[`${id}Alias`] = {
          ...base,
          Type: 'AWS::Lambda::Alias',
          Properties: {
            FunctionName: { Ref: id },
            FunctionVersion: { 'Fn::GetAtt': [`${id}Version`, 'Version'] },
            Name: p.AutoPublishAlias,
          },
        };
      }
      const target = { Ref: p.AutoPublishAlias !== undefined ? `${id}Alias` : id };
      for (const [eventId, event] of Object.entries(p.Events || {})) {
        const e = event.Properties || {};
        if (event.Type === 'SQS') {
          out.Resources[`${id}${eventId}`] = {
            ...base,
            Type: 'AWS::Lambda::EventSourceMapping',
            Properties: {
              FunctionName: target,
              EventSourceArn: e.Queue,
              ...pick(e, ['BatchSize', 'Enabled', 'FunctionResponseTypes', 'MaximumBatchingWindowInSeconds',
                'ScalingConfig', 'FilterCriteria']),
            },
          };
          continue;
        }
        if (event.Type === 'Schedule') {
          out.Resources[`${id}${eventId}`] = {
            ...base,
            Type: 'AWS::Events::Rule',
            Properties: {
              ScheduleExpression: e.Schedule,
              ...pick(e, ['Description', 'Name']),
              Targets: [{ Id: `${eventId}Target`, Arn: { 'Fn::GetAtt': [id, 'Arn'] },
                ...(e.Input !== undefined ? { Input: e.Input } : {}) }],
            },
          };
          if (e.Enabled !== undefined) {
            out.Resources[`${id}${eventId}`].Properties.State = e.Enabled === false ? 'DISABLED' : 'ENABLED';
          }
          continue;
        }
        if (event.Type !== 'HttpApi') {
          problems.push(`${id}: event ${eventId} of type ${event.Type} is not one this validator translates`);
          continue;
        }
        const api = e.ApiId && e.ApiId.Ref;
        if (!api || !template.Resources[api] || template.Resources[api].Type !== 'AWS::Serverless::HttpApi') {
          problems.push(`${id}: event ${eventId} must name an AWS::Serverless::HttpApi of this template as ApiId`);
          continue;
        }
        const integration = `${id}${eventId}Integration`;
        out.Resources[integration] = {
          Type: 'AWS::ApiGatewayV2::Integration',
          Properties: {
            ApiId: { Ref: api },
            IntegrationType: 'AWS_PROXY',
            PayloadFormatVersion: e.PayloadFormatVersion || '2.0',
            IntegrationUri: target,
          },
        };
        out.Resources[`${id}${eventId}Route`] = {
          Type: 'AWS::ApiGatewayV2::Route',
          Properties: {
            ApiId: { Ref: api },
            RouteKey: `${String(e.Method || 'ANY').toUpperCase()} ${e.Path}`,
            Target: { 'Fn::Sub': `integrations/\${${integration}}` },
          },
        };
      }
    } else if (resource.Type === 'AWS::Serverless::HttpApi') {
      for (const key of Object.keys(p)) {
        if (!HTTP_API_ONLY.includes(key)) {
          problems.push(`${id}: property ${key} is not one this validator translates; add it to validate-template.js`);
        }
      }
      out.Resources[id] = {
        ...base,
        Type: 'AWS::ApiGatewayV2::Api',
        Properties: {
          Name: { 'Fn::Sub': '${AWS::StackName}' },
          ProtocolType: 'HTTP',
          ...pick(p, ['CorsConfiguration', 'Description']),
        },
      };
      out.Resources[`${id}Stage`] = {
        ...base,
        Type: 'AWS::ApiGatewayV2::Stage',
        Properties: {
          ApiId: { Ref: id },
          StageName: p.StageName || '$default',
          AutoDeploy: true,
          ...pick(p, ['DefaultRouteSettings']),
        },
      };
    } else if (resource.Type.startsWith('AWS::Serverless::')) {
      problems.push(`${id}: ${resource.Type} is not a type this validator translates; add it to validate-template.js`);
    } else {
      out.Resources[id] = resource;
    }
  }
  return { template: out, problems };
}

function isNoValue(value) {
  return value !== null && typeof value === 'object' && value.Ref === 'AWS::NoValue';
}

function validate(templateFile, outdir) {
  const written = synth(path.resolve(templateFile), path.join(outdir, 'as-written'));
  const { template, problems } = translate(written);
  if (problems.length) {
    throw new Error(problems.join('\n'));
  }
  const translatedFile = path.join(outdir, 'translated.template.json');
  fs.writeFileSync(translatedFile, JSON.stringify(template, null, 1));
  synth(path.resolve(translatedFile), path.join(outdir, 'translated'));
  return Object.keys(template.Resources).length;
}

// One change each; the validator must refuse every one. [what, text in the template, replacement]
const BROKEN = [
  ['YAML that does not parse', 'Description: >-\n      Full ARN of a Secrets Manager secret holding the Datadog',
    'Description: Full ARN: of a Secrets Manager secret holding the Datadog'],
  ['a Ref to a parameter that is not there', '!Ref RegistryUrl', '!Ref RegistryURL'],
  ['an output naming a resource that is not there', '${HttpApi}.execute-api', '${HttpAPI}.execute-api'],
  ['a condition that is not defined', '!If [HasGitHubTokenSecret,', '!If [HasGithubTokenSecret,'],
  ['a memory size that is not a number', 'MemorySize: 2048', 'MemorySize: lots'],
  ['a memory size under Lambda\'s minimum', 'MemorySize: 2048', 'MemorySize: 64'],
  ['a timeout of zero', 'Timeout: 29', 'Timeout: 0'],
  ['an architecture that does not exist', 'Architectures: [arm64]', 'Architectures: [arm65]'],
  ['SnapStart on something Lambda does not have', 'ApplyOn: PublishedVersions', 'ApplyOn: Always'],
  ['a log format Lambda does not have', 'LogFormat: Text', 'LogFormat: XML'],
  ['a log retention CloudWatch refuses', 'RetentionInDays: !Ref LogRetentionDays', 'RetentionInDays: 31'],
  ['a property this validator cannot vouch for', '      MemorySize: 2048', '      MemorySize: 2048\n      MemorySizeMb: 2048'],
  ['an IAM statement effect that does not exist', 'Effect: Allow', 'Effect: Permit'],
  ['a parameter default outside its allowed values', "Default: 'false'", "Default: 'no'"],
  ['a global variable naming a parameter that is not there', 'DD_SITE: !Ref DatadogSite', 'DD_SITE: !Ref DatadogRegion'],
  ['a global property this validator cannot vouch for', '  Function:\n    Environment:', '  Function:\n    MemorySizeMb: 2048\n    Environment:'],
  ['a provisioned table without its throughput', 'BillingMode: PAY_PER_REQUEST', 'BillingMode: PROVISIONED'],
  ['a table key on an attribute not defined', '- AttributeName: sk\n          KeyType: RANGE',
    '- AttributeName: sortKey\n          KeyType: RANGE'],
  ['a signing key spec KMS does not have', 'KeySpec: ECC_NIST_P256', 'KeySpec: ECC_NIST_P257'],
  ['a deletion window KMS refuses', 'PendingWindowInDays: 30', 'PendingWindowInDays: 3'],
];

function selfTest(templateFile, outdir) {
  const text = fs.readFileSync(templateFile, 'utf8');
  let accepted = 0;
  BROKEN.forEach(([what, from, to], i) => {
    if (!text.includes(from)) {
      throw new Error(`self-test case "${what}": the template no longer contains ${JSON.stringify(from)}`);
    }
    const file = path.join(outdir, `broken-${i}.yaml`);
    const dir = path.join(outdir, `broken-${i}`);
    fs.writeFileSync(file, text.replace(from, to));
    const print = console.error;
    console.error = () => {};  // CDK prints each report; here only the verdict matters
    try {
      validate(file, dir);
      console.error = print;
      console.error(`validate-template: self-test FAILED, accepted: ${what}`);
      accepted++;
    } catch (e) {
      console.error = print;
      console.log(`validate-template: refused, as it must: ${what} (${firstReason(e, dir).slice(0, 110)})`);
    }
  });
  if (accepted > 0) {
    throw new Error(`self-test: ${accepted} broken template(s) accepted`);
  }
  console.log(`validate-template: self-test passed: ${templateFile} valid, ${BROKEN.length} broken copies refused`);
}

// The first violation of the validation report a failed synthesis wrote, else the error's first line.
function firstReason(error, dir) {
  for (const pass of ['as-written', 'translated']) {
    const report = path.join(dir, pass, 'validation-report.json');
    if (fs.existsSync(report)) {
      for (const plugin of JSON.parse(fs.readFileSync(report, 'utf8')).pluginReports || []) {
        for (const violation of plugin.violations || []) {
          return `${violation.ruleName}: ${violation.description}`;
        }
      }
    }
  }
  return String(error.message || error).split('\n').map((l) => l.trim()).find((l) => l.length > 0) || '';
}

function main() {
  const args = process.argv.slice(2);
  const test = args[0] === '--self-test';
  const [templateFile, outdir] = test ? args.slice(1) : args;
  if (!templateFile || !outdir) {
    console.error('usage: node validate-template.js [--self-test] TEMPLATE OUTDIR');
    process.exit(2);
  }
  let resources;
  try {
    resources = validate(templateFile, path.join(outdir, 'template'));
  } catch (e) {
    console.error(`validate-template: ${templateFile} is invalid:\n${e.message || e}`);
    process.exit(1);
  }
  console.log(`validate-template: ${templateFile} is valid (as written, and as the ${resources} CloudFormation resources SAM deploys)`);
  if (test) {
    try {
      selfTest(templateFile, outdir);
    } catch (e) {
      console.error(`validate-template: ${e.message || e}`);
      process.exit(1);
    }
  }
}

main();
