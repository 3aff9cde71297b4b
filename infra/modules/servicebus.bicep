// Service Bus namespace and the trigger-instance queue. The sender sets MessageId to the trigger
// instance id, so duplicate detection drops a second send of the same instance inside the window;
// a message that fails maxDeliveryCount times, or expires, goes to the dead-letter queue with
// its reason. Local (SAS) auth is off: only Entra identities with a data role can send/receive.
@description('Azure region.')
param location string

@description('Namespace name (6-50 characters).')
@minLength(6)
@maxLength(50)
param namespaceName string

@description('Queue that carries trigger instances to the rule-evaluation function.')
param queueName string

@description('Namespace tier. Duplicate detection needs Standard or Premium.')
@allowed([
  'Standard'
  'Premium'
])
param sku string

@description('How long Service Bus remembers message ids for duplicate detection (ISO 8601, 20 s to 7 days).')
param duplicateDetectionWindow string

@description('Deliveries before a message is dead-lettered.')
@minValue(1)
@maxValue(2000)
param maxDeliveryCount int

@description('Peek-lock duration (ISO 8601, at most 5 minutes).')
param lockDuration string

@description('Tags applied to the namespace.')
param tags object

resource namespace 'Microsoft.ServiceBus/namespaces@2024-01-01' = {
  name: namespaceName
  location: location
  tags: tags
  sku: {
    name: sku
    tier: sku
  }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
    publicNetworkAccess: 'Enabled'
  }
}

resource queue 'Microsoft.ServiceBus/namespaces/queues@2024-01-01' = {
  parent: namespace
  name: queueName
  properties: {
    requiresDuplicateDetection: true
    duplicateDetectionHistoryTimeWindow: duplicateDetectionWindow
    deadLetteringOnMessageExpiration: true
    maxDeliveryCount: maxDeliveryCount
    lockDuration: lockDuration
    requiresSession: false
    enablePartitioning: false
  }
}

@description('Principal id of the app identity that sends and receives on the queue.')
param principalId string

@description('Name of the app identity; known before deployment, so role assignment names are stable and What-If can predict them.')
param identityName string

var dataRoles = [
  '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39' // Azure Service Bus Data Sender
  '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0' // Azure Service Bus Data Receiver
]

resource roleAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleId in dataRoles: {
    scope: queue
    name: guid(queue.id, identityName, roleId)
    properties: {
      principalId: principalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
    }
  }
]

@description('Resource id of the namespace.')
output namespaceId string = namespace.id

@description('Name of the namespace.')
output namespaceName string = namespace.name

@description('Fully qualified namespace, e.g. <name>.servicebus.windows.net.')
output fullyQualifiedNamespace string = split(replace(namespace.properties.serviceBusEndpoint, 'https://', ''), ':')[0]

@description('Name of the queue.')
output queueName string = queue.name

@description('Resource id of the queue.')
output queueId string = queue.id
