package dev.leadrouter.notify.crm;

import dev.leadrouter.notify.NotifyConfig;
import dev.leadrouter.notify.delivery.ChannelSender;
import dev.leadrouter.notify.delivery.DeliveryTopics;
import dev.leadrouter.runtime.config.Settings;
import dev.leadrouter.runtime.crm.HubSpotClient;
import dev.leadrouter.runtime.crm.SalesforceClient;
import dev.leadrouter.runtime.grpc.GrpcPeers;
import dev.leadrouter.runtime.metrics.ServiceMetrics;
import dev.leadrouter.runtime.outbox.GrpcDelivery;
import dev.leadrouter.runtime.outbox.OutboxHandler;
import dev.leadrouter.v1.Channel;
import dev.leadrouter.v1.CrmSystem;
import dev.leadrouter.v1.HoldReassignmentRequest;
import dev.leadrouter.v1.SlaServiceGrpcClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * notify-service's CRM owner write-back, assembled: the CRM clients this deployment connects to,
 * the CRM_OWNER channel's sender, the outbox handler that asks sla-service to hold reassignment
 * after a person changed an owner, and the one that creates opt-in follow-up tasks. Without CRM
 * settings it plans and sends nothing.
 */
public final class CrmWriteBack {
  private final CrmWriteBackConfig config;
  private final Map<CrmSystem, OwnerWriteBatcher> batchers;
  private final Map<CrmSystem, CrmOwners> crms;
  private final OwnerWriteRepository repository;
  private final SalesforceClient salesforce;
  private final HubSpotClient hubspot;
  private final GrpcPeers peers;
  private final Set<CrmSystem> followUpTasks;
  private final FollowUpTaskRepository taskRepository;
  private final Clock clock;

  private CrmWriteBack(
      CrmWriteBackConfig config,
      Map<CrmSystem, OwnerWriteBatcher> batchers,
      Map<CrmSystem, CrmOwners> crms,
      OwnerWriteRepository repository,
      SalesforceClient salesforce,
      HubSpotClient hubspot,
      GrpcPeers peers,
      Set<CrmSystem> followUpTasks,
      FollowUpTaskRepository taskRepository,
      Clock clock) {
    this.followUpTasks = followUpTasks;
    this.taskRepository = taskRepository;
    this.clock = clock;
    this.config = config;
    this.batchers = batchers;
    this.crms = crms;
    this.repository = repository;
    this.salesforce = salesforce;
    this.hubspot = hubspot;
    this.peers = peers;
  }

  public static CrmWriteBack create(
      Vertx vertx,
      Settings settings,
      NotifyConfig notify,
      Pool pool,
      Clock clock,
      ServiceMetrics metrics) {
    CrmWriteBackConfig config = CrmWriteBackConfig.from(settings, notify.relay().deliveryTimeout());
    Map<CrmSystem, OwnerWriteBatcher> batchers = new EnumMap<>(CrmSystem.class);
    Map<CrmSystem, CrmOwners> crms = new EnumMap<>(CrmSystem.class);
    Set<CrmSystem> followUpTasks = EnumSet.noneOf(CrmSystem.class);
    SalesforceClient sf = null;
    HubSpotClient hs = null;
    if (config.salesforce() != null) {
      sf =
          new SalesforceClient(vertx, config.salesforce(), clock).recordMetrics(metrics.registry());
      crms.put(CrmSystem.CRM_SYSTEM_SALESFORCE, CrmOwners.salesforce(sf));
      batchers.put(
          CrmSystem.CRM_SYSTEM_SALESFORCE,
          new OwnerWriteBatcher(vertx, CrmOwners.salesforce(sf), config.batchWindow()));
      if (config.salesforceTasks()) {
        followUpTasks.add(CrmSystem.CRM_SYSTEM_SALESFORCE);
      }
    }
    if (config.hubspot() != null) {
      hs = new HubSpotClient(vertx, config.hubspot(), clock);
      crms.put(CrmSystem.CRM_SYSTEM_HUBSPOT, CrmOwners.hubspot(hs));
      batchers.put(
          CrmSystem.CRM_SYSTEM_HUBSPOT,
          new OwnerWriteBatcher(vertx, CrmOwners.hubspot(hs), config.batchWindow()));
      if (config.hubspotTasks()) {
        followUpTasks.add(CrmSystem.CRM_SYSTEM_HUBSPOT);
      }
    }
    GrpcPeers peers = config.any() ? GrpcPeers.create(vertx, settings) : null;
    return new CrmWriteBack(
        config,
        batchers,
        crms,
        new OwnerWriteRepository(pool),
        sf,
        hs,
        peers,
        followUpTasks,
        new FollowUpTaskRepository(pool),
        clock);
  }

  /** Serves NotifyService.CheckCrmOwner (internal: called by sla-service). */
  public CrmOwnerCheck ownerCheck() {
    return new CrmOwnerCheck(crms, repository);
  }

  /** Plans write-backs for the CRMs connected here. */
  public OwnerWriteBackPlan plan() {
    return new OwnerWriteBackPlan(batchers.keySet());
  }

  /**
   * Adds the CRM_OWNER channel (wrapped by {@code deliveryHandler}, the same delivery machinery as
   * every channel) and the reassignment-hold relay to {@code handlers}.
   */
  public Map<String, OutboxHandler> addHandlers(
      Map<String, OutboxHandler> handlers, Function<ChannelSender, OutboxHandler> deliveryHandler) {
    if (!config.any()) {
      return handlers;
    }
    handlers.put(
        DeliveryTopics.forChannel(Channel.CHANNEL_CRM_OWNER),
        deliveryHandler.apply(new CrmOwnerSender(batchers, repository, followUpTasks, clock)));
    // Registered whenever a CRM is connected, so tasks asked for before a restart that turned
    // them off are still created.
    Map<CrmSystem, CrmTasks> creators = new EnumMap<>(CrmSystem.class);
    if (salesforce != null) {
      creators.put(CrmSystem.CRM_SYSTEM_SALESFORCE, CrmTasks.salesforce(salesforce));
    }
    if (hubspot != null) {
      creators.put(
          CrmSystem.CRM_SYSTEM_HUBSPOT, CrmTasks.hubspot(hubspot, config.hubspotTaskSearchDelay()));
    }
    handlers.put(
        FollowUpTaskRepository.TOPIC, new FollowUpTaskHandler(creators, taskRepository, clock));
    handlers.put(
        OwnerWriteRepository.HOLD_TOPIC,
        new GrpcDelivery<>(
            peers.client(),
            peers.address(config.slaAddress()),
            config.internalApiKey(),
            SlaServiceGrpcClient.HoldReassignment,
            HoldReassignmentRequest.parser(),
            config.slaDeadline()));
    return handlers;
  }

  public Future<Void> close() {
    if (salesforce != null) {
      salesforce.close();
    }
    if (hubspot != null) {
      hubspot.close();
    }
    return peers == null ? Future.succeededFuture() : peers.close();
  }
}
