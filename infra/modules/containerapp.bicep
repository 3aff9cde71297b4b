// The Functions app on Azure Container Apps (kind functionapp), from an image that carries Debian's Python for pack
// Python (python-script actions, polling sensors): see the README's "Python actions and sensors". Identity-based
// connections as on Flex Consumption; Key Vault secrets become container-app secrets read with the identity.
@description('Azure region.')
param location string

@description('Name of the Container Apps environment.')
param environmentName string

@description('Name of the container registry the image is pushed to (azd deploy, or az acr build).')
param registryName string

@description('Name of the container app (azd-service-name api).')
param name string

@description('Resource id of the user-assigned identity.')
param identityId string

@description('Client id of the user-assigned identity.')
param identityClientId string

@description('Principal id of the user-assigned identity (pulls the image).')
param identityPrincipalId string

@description('Name of the user-assigned identity (known before deployment: names the role assignment).')
param identityName string

@description('Name of the Log Analytics workspace the environment logs to.')
param logAnalyticsName string

@description('Storage account name (AzureWebJobsStorage, Durable task hub, history).')
param storageAccountName string

@description('Blob endpoint of the storage account, with trailing slash.')
param storageBlobEndpoint string

@description('Queue endpoint of the storage account, with trailing slash.')
param storageQueueEndpoint string

@description('Table endpoint of the storage account, with trailing slash.')
param storageTableEndpoint string

@description('Application settings computed by main.bicep (name/value pairs); the names in secretUris are taken from Key Vault instead.')
param appSettings object

@description('Settings held in Key Vault: setting name -> secret URI.')
param secretUris object

@description('The app image; azd deploy replaces this placeholder with the built image.')
param image string

@description('Maximum replicas. The minimum is one: Durable Functions on the Azure Storage backend cannot scale to zero on Container Apps.')
@minValue(1)
@maxValue(300)
param maximumReplicaCount int

@description('Tags applied to every resource; the app also gets azd-service-name.')
param tags object

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' existing = {
  name: logAnalyticsName
}

resource registry 'Microsoft.ContainerRegistry/registries@2023-07-01' = {
  name: registryName
  location: location
  tags: tags
  sku: {
    name: 'Basic'
  }
  properties: {
    adminUserEnabled: false
  }
}

var acrPullRoleId = '7f951dda-4ed3-4680-a7ca-43fe172d538d'

resource acrPull 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(registry.id, identityName, acrPullRoleId)
  scope: registry
  properties: {
    principalId: identityPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', acrPullRoleId)
  }
}

resource environment 'Microsoft.App/managedEnvironments@2025-07-01' = {
  name: environmentName
  location: location
  tags: tags
  properties: {
    workloadProfiles: [
      {
        name: 'Consumption'
        workloadProfileType: 'Consumption'
      }
    ]
    appLogsConfiguration: {
      destination: 'log-analytics'
      logAnalyticsConfiguration: {
        customerId: workspace.properties.customerId
        sharedKey: workspace.listKeys().primarySharedKey
      }
    }
  }
}

var baseSettings = {
  AzureWebJobsStorage__accountName: storageAccountName
  AzureWebJobsStorage__blobServiceUri: storageBlobEndpoint
  AzureWebJobsStorage__queueServiceUri: storageQueueEndpoint
  AzureWebJobsStorage__tableServiceUri: storageTableEndpoint
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId
  AZURE_CLIENT_ID: identityClientId
}

var plainSettings = filter(items(union(baseSettings, appSettings)), setting => !contains(secretUris, setting.key))

resource app 'Microsoft.App/containerApps@2025-07-01' = {
  name: name
  location: location
  tags: union(tags, {
    'azd-service-name': 'api'
  })
  kind: 'functionapp'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    environmentId: environment.id
    workloadProfileName: 'Consumption'
    configuration: {
      activeRevisionsMode: 'Single'
      ingress: {
        external: true
        targetPort: 80
        transport: 'auto'
      }
      registries: [
        {
          server: registry.properties.loginServer
          identity: identityId
        }
      ]
      secrets: [
        for secret in items(secretUris): {
          name: toLower(replace(secret.key, '_', '-'))
          keyVaultUrl: secret.value
          identity: identityId
        }
      ]
    }
    template: {
      containers: [
        {
          name: 'functions'
          image: image
          resources: {
            cpu: json('1.0')
            memory: '2Gi'
          }
          env: concat(
            map(plainSettings, setting => {
              name: setting.key
              value: string(setting.value)
            }),
            map(items(secretUris), secret => {
              name: secret.key
              secretRef: toLower(replace(secret.key, '_', '-'))
            })
          )
        }
      ]
      scale: {
        minReplicas: 1
        maxReplicas: maximumReplicaCount
      }
    }
  }
  dependsOn: [
    acrPull
  ]
}

@description('Name of the container app.')
output name string = app.name

@description('Host name of the app (its ingress FQDN).')
output defaultHostName string = app.properties.configuration.ingress.fqdn

@description('Login server of the registry (azd: AZURE_CONTAINER_REGISTRY_ENDPOINT).')
output registryEndpoint string = registry.properties.loginServer
