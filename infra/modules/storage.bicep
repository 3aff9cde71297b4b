// Storage account for everything ServerlessFlow keeps: history tables, payload offload blobs,
// the trigger queue used when the trigger bus is Storage Queues, the Durable Functions task hub
// (AzureWebJobsStorage) and the Flex Consumption deployment package. Shared-key access is off,
// so every caller needs an Entra identity and a data-plane role.
@description('Azure region.')
param location string

@description('Storage account name (3-24 lower-case letters and digits).')
@minLength(3)
@maxLength(24)
param name string

@description('Blob container that holds the Flex Consumption deployment package.')
param deploymentContainerName string

@description('Blob container for payloads too large for a table entity.')
param payloadContainerName string

@description('Queue that carries trigger instances when the trigger bus is Storage Queues.')
param triggerQueueName string

@description('Tags applied to the account.')
param tags object

resource account 'Microsoft.Storage/storageAccounts@2024-01-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2024-01-01' = {
  parent: account
  name: 'default'
}

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2024-01-01' = {
  parent: blobService
  name: deploymentContainerName
}

resource payloadContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2024-01-01' = {
  parent: blobService
  name: payloadContainerName
}

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2024-01-01' = {
  parent: account
  name: 'default'
}

resource triggerQueue 'Microsoft.Storage/storageAccounts/queueServices/queues@2024-01-01' = {
  parent: queueService
  name: triggerQueueName
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2024-01-01' = {
  parent: account
  name: 'default'
}

@description('Principal id of the app identity that gets data-plane roles on this account.')
param principalId string

@description('Name of the app identity; known before deployment, so role assignment names are stable and What-If can predict them.')
param identityName string

// Blob Data Owner (the Durable task hub manages its own containers and leases), Queue Data
// Contributor (task hub queues, the trigger queue and its poison queue), Table Data Contributor
// (history tables, task hub history/instances tables).
var dataRoles = [
  'b7e6dc6d-f1e8-4753-8033-0f276bb0955b' // Storage Blob Data Owner
  '974c5e8b-45b9-4653-ba55-5f855dd0fb88' // Storage Queue Data Contributor
  '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3' // Storage Table Data Contributor
]

resource roleAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleId in dataRoles: {
    scope: account
    name: guid(account.id, identityName, roleId)
    properties: {
      principalId: principalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
    }
  }
]

@description('Resource id of the account.')
output id string = account.id

@description('Name of the account.')
output name string = account.name

@description('Blob endpoint, e.g. https://<name>.blob.core.windows.net/.')
output blobEndpoint string = account.properties.primaryEndpoints.blob

@description('Queue endpoint.')
output queueEndpoint string = account.properties.primaryEndpoints.queue

@description('Table endpoint.')
output tableEndpoint string = account.properties.primaryEndpoints.table

@description('Name of the deployment container (created here).')
output deploymentContainerName string = deploymentContainer.name

@description('Name of the payload container (created here).')
output payloadContainerName string = payloadContainer.name

@description('Name of the trigger queue (created here).')
output triggerQueueName string = triggerQueue.name

@description('Name of the table service, so the dependency on it is explicit.')
output tableServiceName string = tableService.name
