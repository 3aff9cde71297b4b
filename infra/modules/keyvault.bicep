// Key Vault for the secrets the app needs: the API key that guards webhooks and the read/run API,
// the datastore encryption key of secret key-value pairs, and the per-webhook HMAC secrets. The app never sees a vault credential: its settings are Key
// Vault references resolved by the platform with the user-assigned identity (Key Vault Secrets User).
@description('Azure region.')
param location string

@description('Vault name (3-24 characters).')
@minLength(3)
@maxLength(24)
param name string

@description('Principal id of the app identity that reads secrets.')
param principalId string

@description('Name of the app identity; known before deployment, so role assignment names are stable and What-If can predict them.')
param identityName string

@description('API key accepted in the X-Sflow-Api-Key header (also by the read/run API).')
@secure()
param apiKey string

@description('Datastore encryption key (32 bytes, base64) for secret key-value pairs.')
@secure()
param datastoreKey string

@description('Per-webhook signature settings as a JSON text, e.g. {"github":{"scheme":"github","secret":"..."}}.')
@secure()
param webhookAuthJson string

@description('Tags applied to the vault.')
param tags object

resource vault 'Microsoft.KeyVault/vaults@2024-11-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
    publicNetworkAccess: 'Enabled'
  }
}

resource apiKeySecret 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = {
  parent: vault
  name: 'sflow-api-key'
  properties: {
    value: apiKey
    contentType: 'text/plain'
  }
}

resource datastoreKeySecret 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = {
  parent: vault
  name: 'sflow-datastore-key'
  properties: {
    value: datastoreKey
    contentType: 'application/octet-stream; base64'
  }
}

resource webhookAuthSecret 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = {
  parent: vault
  name: 'sflow-webhook-auth'
  properties: {
    value: webhookAuthJson
    contentType: 'application/json'
  }
}

var keyVaultSecretsUser = '4633458b-17de-408a-b874-0445c86b69e6'

resource secretsUserRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: vault
  name: guid(vault.id, identityName, keyVaultSecretsUser)
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUser)
  }
}

@description('Name of the vault.')
output name string = vault.name

@description('Versionless URI of the API key secret (a Key Vault reference to it follows rotations).')
output apiKeySecretUri string = apiKeySecret.properties.secretUri

@description('Versionless URI of the datastore encryption key secret.')
output datastoreKeySecretUri string = datastoreKeySecret.properties.secretUri

@description('Versionless URI of the webhook signature settings secret.')
output webhookAuthSecretUri string = webhookAuthSecret.properties.secretUri

@description('Name of the Key Vault Secrets User role assignment, so the app waits for it.')
output secretsUserRoleAssignmentName string = secretsUserRole.name
