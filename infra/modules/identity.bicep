// The one identity the Function App uses for every data-plane call: storage (tables, blobs,
// queues, the Durable task hub), Service Bus, Key Vault references and Application Insights.
@description('Azure region.')
param location string

@description('Name of the user-assigned managed identity.')
param name string

@description('Tags applied to the identity.')
param tags object

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: name
  location: location
  tags: tags
}

@description('Resource id of the identity.')
output id string = identity.id

@description('Client id (used by DefaultAzureCredential / the Functions host to pick this identity).')
output clientId string = identity.properties.clientId

@description('Principal (object) id, for role assignments.')
output principalId string = identity.properties.principalId

@description('Name of the identity.')
output name string = identity.name
