// ServerlessFlow on serverless Azure: a Function App on Flex Consumption (.NET isolated 10), a
// storage account (history tables, payload blobs, trigger queue, Durable task hub, deployment
// package), a Service Bus queue for trigger instances, Key Vault for secrets, Log Analytics and
// Application Insights, and one user-assigned identity with data-plane roles on all of them.
//
//   az deployment group create -g <rg> -f infra/main.bicep -p apiKey=<secret> datastoreKey="$(openssl rand -base64 32)"
//   azd up            (azure.yaml at the repository root; set ServiceBusTrigger=true, see README)
targetScope = 'resourceGroup'

@description('Name of the environment; seeds resource names and is tagged as azd-env-name.')
@minLength(1)
@maxLength(20)
param environmentName string = 'sflow'

@description('Azure region for every resource. Flex Consumption must be available there.')
param location string = resourceGroup().location

@description('API key accepted in the St2-Api-Key header by webhooks without a signature scheme and by the read/run API.')
@secure()
@minLength(16)
param apiKey string

@description('Datastore encryption key for secret key-value pairs: 32 random bytes, base64 (openssl rand -base64 32). Stored in Key Vault. Keep it: secrets written under one key cannot be read with another.')
@secure()
@minLength(44)
@maxLength(44)
param datastoreKey string

@description('Per-webhook signature checks, keyed by webhook url: {"github": {"scheme": "github", "secret": "..."}, "alerts": {"scheme": "shared-secret", "secret": "..."}}. Stored in Key Vault.')
@secure()
param webhookAuth object = {}

@description('Transport of trigger instances to rule evaluation. ServiceBus needs the app built with -p:ServiceBusTrigger=true.')
@allowed([
  'ServiceBus'
  'StorageQueue'
])
param triggerBus string = 'ServiceBus'

@description('NCRONTAB schedule (six fields, with seconds) of the timer sensor tick that evaluates timer rules.')
param timerSchedule string = '0 * * * * *'

@description('NCRONTAB schedule (six fields) of the Python sensor poll tick; each polling sensor is polled when its poll_interval has passed, so tick at least as often as the shortest poll_interval.')
param sensorPollSchedule string = '*/5 * * * * *'

@description('How far back each timer tick looks for due fires, in seconds; a tick later than this misses fires.')
@minValue(60)
@maxValue(86400)
param timerLookbackSeconds int = 300

@description('The API base URL workflows read as ctx().st2.api_url (e.g. https://automation.example.com/api/v1 behind a custom domain); empty: https://<the app\'s default host name>/api/v1.')
param apiUrl string = ''

@description('Largest webhook request body accepted, in bytes; larger requests get 413.')
@minValue(1024)
@maxValue(104857600)
param webhookMaxBodyBytes int = 1048576

@description('How old a signed webhook timestamp may be (and how far in the future) before the request is rejected as a replay, in seconds.')
@minValue(30)
@maxValue(3600)
param webhookReplayWindowSeconds int = 300

@description('Service Bus tier; duplicate detection needs Standard or Premium.')
@allowed([
  'Standard'
  'Premium'
])
param serviceBusSku string = 'Standard'

@description('Duplicate detection window of the trigger queue (ISO 8601).')
param duplicateDetectionWindow string = 'PT10M'

@description('Deliveries before a trigger-instance message is dead-lettered.')
@minValue(1)
@maxValue(100)
param maxDeliveryCount int = 10

@description('Maximum Function App instances.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Where the Functions app runs. FlexConsumption: serverless, scales to zero, no Python for pack code (python-script actions and Python sensors fail saying so). ContainerApps: the app image with Debian\'s Python (functions/ServerlessFlow.Functions/Dockerfile), at least one replica.')
@allowed([
  'FlexConsumption'
  'ContainerApps'
])
param hosting string = 'FlexConsumption'

@description('With hosting=ContainerApps: the app image (azd deploy replaces the placeholder with the image it builds and pushes).')
param containerImage string = 'mcr.microsoft.com/azure-functions/dotnet-isolated:4-dotnet-isolated8.0'

@description('Memory per Function App instance in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Log Analytics retention in days.')
@minValue(30)
@maxValue(730)
param logRetentionInDays int = 30

@description('Extra tags for every resource.')
param tags object = {}

var resourceToken = toLower(uniqueString(subscription().id, resourceGroup().id, environmentName))
var allTags = union(tags, {
  'azd-env-name': environmentName
  application: 'serverlessflow'
})
var triggerQueueName = 'trigger-instances'
var taskHubName = 'sflowhub'
var identityName = 'id-sflow-${resourceToken}'

module identity 'modules/identity.bicep' = {
  name: 'identity'
  params: {
    location: location
    name: identityName
    tags: allTags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    location: location
    logAnalyticsName: 'log-sflow-${resourceToken}'
    applicationInsightsName: 'appi-sflow-${resourceToken}'
    retentionInDays: logRetentionInDays
    principalId: identity.outputs.principalId
    identityName: identityName
    tags: allTags
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    location: location
    name: 'stsflow${resourceToken}'
    deploymentContainerName: 'app-package'
    payloadContainerName: 'sflow-payloads'
    triggerQueueName: triggerQueueName
    principalId: identity.outputs.principalId
    identityName: identityName
    tags: allTags
  }
}

module serviceBus 'modules/servicebus.bicep' = {
  name: 'servicebus'
  params: {
    location: location
    namespaceName: 'sb-sflow-${resourceToken}'
    queueName: triggerQueueName
    sku: serviceBusSku
    duplicateDetectionWindow: duplicateDetectionWindow
    maxDeliveryCount: maxDeliveryCount
    lockDuration: 'PT1M'
    principalId: identity.outputs.principalId
    identityName: identityName
    tags: allTags
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    location: location
    name: 'kv-sflow-${resourceToken}'
    principalId: identity.outputs.principalId
    identityName: identityName
    apiKey: apiKey
    datastoreKey: datastoreKey
    webhookAuthJson: string(webhookAuth)
    tags: allTags
  }
}

// Every setting the app reads (tests/ServerlessFlow.Functions.Tests checks this list against
// the code). Connection names (SflowServiceBus, SflowTriggerQueue) use the Functions
// identity-based form <name>__fullyQualifiedNamespace / <name>__queueServiceUri.
var sflowSettings = {
  APPLICATIONINSIGHTS_CONNECTION_STRING: monitoring.outputs.connectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identity.outputs.clientId};Authorization=AAD'
  SFLOW_TRIGGER_BUS: triggerBus
  SFLOW_TRIGGER_QUEUE: triggerQueueName
  SFLOW_TASK_HUB: taskHubName
  SFLOW_TIMER_SCHEDULE: timerSchedule
  SFLOW_TIMER_LOOKBACK_SECONDS: string(timerLookbackSeconds)
  SFLOW_TABLE_SERVICE_URI: storage.outputs.tableEndpoint
  SFLOW_BLOB_SERVICE_URI: storage.outputs.blobEndpoint
  SFLOW_PAYLOAD_CONTAINER: storage.outputs.payloadContainerName
  SFLOW_PACKS_PATH: 'packs'
  SFLOW_CONFIGS_PATH: 'configs'
  SFLOW_SENSOR_POLL_SCHEDULE: sensorPollSchedule
  SFLOW_PYTHON: '/usr/bin/python3'
  SFLOW_PYTHON_VENVS: '/home/site/sflow-virtualenvs'
  SFLOW_API_URL: apiUrl
  SFLOW_API_KEY: '@Microsoft.KeyVault(SecretUri=${keyVault.outputs.apiKeySecretUri})'
  SFLOW_DATASTORE_KEY: '@Microsoft.KeyVault(SecretUri=${keyVault.outputs.datastoreKeySecretUri})'
  SFLOW_WEBHOOK_AUTH: '@Microsoft.KeyVault(SecretUri=${keyVault.outputs.webhookAuthSecretUri})'
  SFLOW_WEBHOOK_MAX_BODY_BYTES: string(webhookMaxBodyBytes)
  SFLOW_WEBHOOK_REPLAY_WINDOW_SECONDS: string(webhookReplayWindowSeconds)
  SflowServiceBus__fullyQualifiedNamespace: serviceBus.outputs.fullyQualifiedNamespace
  SflowServiceBus__credential: 'managedidentity'
  SflowServiceBus__clientId: identity.outputs.clientId
  SflowTriggerQueue__queueServiceUri: storage.outputs.queueEndpoint
  SflowTriggerQueue__credential: 'managedidentity'
  SflowTriggerQueue__clientId: identity.outputs.clientId
}

module functionApp 'modules/functionapp.bicep' = if (hosting == 'FlexConsumption') {
  name: 'functionapp'
  params: {
    location: location
    planName: 'plan-sflow-${resourceToken}'
    name: 'func-sflow-${resourceToken}'
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    storageBlobEndpoint: storage.outputs.blobEndpoint
    storageQueueEndpoint: storage.outputs.queueEndpoint
    storageTableEndpoint: storage.outputs.tableEndpoint
    deploymentContainerName: storage.outputs.deploymentContainerName
    appSettings: sflowSettings
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    tags: allTags
  }
}

// With hosting=ContainerApps the same settings go to the container app; the three Key Vault references become
// container-app secrets read with the identity (Container Apps has no @Microsoft.KeyVault(...) setting syntax).
module containerApp 'modules/containerapp.bicep' = if (hosting == 'ContainerApps') {
  name: 'containerapp'
  params: {
    location: location
    environmentName: 'cae-sflow-${resourceToken}'
    registryName: 'crsflow${resourceToken}'
    name: 'ca-sflow-${resourceToken}'
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    identityPrincipalId: identity.outputs.principalId
    identityName: identityName
    logAnalyticsName: 'log-sflow-${resourceToken}'
    storageAccountName: storage.outputs.name
    storageBlobEndpoint: storage.outputs.blobEndpoint
    storageQueueEndpoint: storage.outputs.queueEndpoint
    storageTableEndpoint: storage.outputs.tableEndpoint
    appSettings: sflowSettings
    secretUris: {
      SFLOW_API_KEY: keyVault.outputs.apiKeySecretUri
      SFLOW_DATASTORE_KEY: keyVault.outputs.datastoreKeySecretUri
      SFLOW_WEBHOOK_AUTH: keyVault.outputs.webhookAuthSecretUri
    }
    image: containerImage
    maximumReplicaCount: min(maximumInstanceCount, 300)
    tags: allTags
  }
}

var appHostName = hosting == 'ContainerApps' ? containerApp!.outputs.defaultHostName : functionApp!.outputs.defaultHostName

@description('Base URL of the app; use it as sflow --url.')
output SFLOW_URL string = 'https://${appHostName}'

@description('Webhook URL prefix: POST <this>/<webhook url>.')
output SFLOW_WEBHOOK_URL string = 'https://${appHostName}/api/v1/webhooks'

@description('Name of the Function App.')
output AZURE_FUNCTION_APP_NAME string = hosting == 'ContainerApps' ? containerApp!.outputs.name : functionApp!.outputs.name

@description('With hosting=ContainerApps: the registry azd pushes the image to.')
output AZURE_CONTAINER_REGISTRY_ENDPOINT string = hosting == 'ContainerApps' ? containerApp!.outputs.registryEndpoint : ''

@description('Name of the storage account.')
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name

@description('Name of the Service Bus namespace.')
output AZURE_SERVICEBUS_NAMESPACE string = serviceBus.outputs.namespaceName

@description('Name of the Key Vault.')
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name

@description('Name of the Application Insights component.')
output AZURE_APPLICATION_INSIGHTS_NAME string = monitoring.outputs.applicationInsightsName

@description('Client id of the app identity.')
output AZURE_CLIENT_ID string = identity.outputs.clientId
