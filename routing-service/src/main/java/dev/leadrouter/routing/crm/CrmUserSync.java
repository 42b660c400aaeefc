package dev.leadrouter.routing.crm;

import dev.leadrouter.routing.store.RepRepository;
import dev.leadrouter.runtime.crm.CrmFailure;
import dev.leadrouter.runtime.crm.HubSpotClient;
import dev.leadrouter.runtime.crm.SalesforceClient;
import dev.leadrouter.v1.CrmSystem;
import dev.leadrouter.v1.CrmUserMatch;
import dev.leadrouter.v1.Rep;
import dev.leadrouter.v1.SyncCrmUsersRequest;
import dev.leadrouter.v1.SyncCrmUsersResponse;
import dev.leadrouter.v1.UnmatchedRep;
import io.vertx.core.Future;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.server.StatusException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RoutingService.SyncCrmUsers: fills each active rep's CRM user ids by email from Salesforce (SOQL
 * on User) and HubSpot ({@code GET /crm/v3/owners}), stores the reps whose ids changed, and reports
 * the reps nobody matched (their leads cannot be written back).
 */
public final class CrmUserSync {
  private static final Logger log = LoggerFactory.getLogger(CrmUserSync.class);
  private static final int EMAILS_PER_QUERY = 100;

  private final SalesforceClient salesforce;
  private final HubSpotClient hubspot;
  private final RepRepository reps;
  private final Supplier<Future<?>> repsChanged;

  /**
   * @param salesforce null when Salesforce is not connected
   * @param hubspot null when HubSpot is not connected
   * @param repsChanged reloads routing's snapshot so new ids reach the next assignments at once
   */
  public CrmUserSync(
      SalesforceClient salesforce,
      HubSpotClient hubspot,
      RepRepository reps,
      Supplier<Future<?>> repsChanged) {
    this.salesforce = salesforce;
    this.hubspot = hubspot;
    this.reps = reps;
    this.repsChanged = repsChanged;
  }

  public boolean anyConnected() {
    return salesforce != null || hubspot != null;
  }

  public Future<SyncCrmUsersResponse> sync(SyncCrmUsersRequest request) {
    List<CrmSystem> systems = new ArrayList<>();
    CrmSystem wanted = request.getSystem();
    if (wanted == CrmSystem.UNRECOGNIZED) {
      return Future.failedFuture(
          new dev.leadrouter.runtime.errors.InvalidInputException("system", "unknown CRM"));
    }
    if (salesforce != null && wanted != CrmSystem.CRM_SYSTEM_HUBSPOT) {
      systems.add(CrmSystem.CRM_SYSTEM_SALESFORCE);
    }
    if (hubspot != null && wanted != CrmSystem.CRM_SYSTEM_SALESFORCE) {
      systems.add(CrmSystem.CRM_SYSTEM_HUBSPOT);
    }
    if (systems.isEmpty()) {
      return Future.failedFuture(
          new StatusException(
              GrpcStatus.FAILED_PRECONDITION,
              "no such CRM is connected: set the SALESFORCE_* or HUBSPOT_* settings"));
    }
    return reps.all()
        .map(all -> new ArrayList<>(all.values()))
        .compose(all -> syncEach(all, systems, 0, SyncCrmUsersResponse.newBuilder(), request))
        .recover(CrmUserSync::asStatus);
  }

  private Future<SyncCrmUsersResponse> syncEach(
      List<Rep> all,
      List<CrmSystem> systems,
      int i,
      SyncCrmUsersResponse.Builder response,
      SyncCrmUsersRequest request) {
    if (i == systems.size()) {
      List<CrmUserMatch> matched = new ArrayList<>(response.getMatchedList());
      matched.sort(
          Comparator.comparing(CrmUserMatch::getRepId).thenComparing(CrmUserMatch::getSystem));
      List<UnmatchedRep> unmatched = new ArrayList<>(response.getUnmatchedList());
      unmatched.sort(
          Comparator.comparing(UnmatchedRep::getRepId).thenComparing(UnmatchedRep::getSystem));
      SyncCrmUsersResponse out =
          SyncCrmUsersResponse.newBuilder()
              .addAllMatched(matched)
              .addAllUnmatched(unmatched)
              .build();
      log.info(
          "CRM user sync: {} matched, {} unmatched{}",
          matched.size(),
          unmatched.size(),
          request.getDryRun() ? " (dry run)" : "");
      return Future.succeededFuture(out);
    }
    CrmSystem system = systems.get(i);
    return usersByEmail(system, all)
        .compose(
            users -> {
              CrmUserMatching.Result r = CrmUserMatching.match(all, system, users);
              response.addAllMatched(r.matched()).addAllUnmatched(r.unmatched());
              if (request.getDryRun() || r.changed().isEmpty()) {
                return Future.succeededFuture();
              }
              // Later systems see this one's ids: reps are rebuilt from the updated list.
              Map<String, Rep> byId = new HashMap<>();
              r.changed().forEach(rep -> byId.put(rep.getRepId(), rep));
              all.replaceAll(rep -> byId.getOrDefault(rep.getRepId(), rep));
              List<Future<Rep>> saved = r.changed().stream().map(reps::upsert).toList();
              return Future.all(saved).compose(x -> repsChanged.get());
            })
        .compose(x -> syncEach(all, systems, i + 1, response, request));
  }

  private Future<Map<String, List<String>>> usersByEmail(CrmSystem system, List<Rep> all) {
    Map<String, List<String>> users = new HashMap<>();
    if (system == CrmSystem.CRM_SYSTEM_HUBSPOT) {
      return hubspot
          .owners()
          .map(
              owners -> {
                owners.forEach(
                    o ->
                        users
                            .computeIfAbsent(
                                CrmUserMatching.key(o.getString("email")), k -> new ArrayList<>())
                            .add(o.getString("id")));
                return users;
              });
    }
    List<String> emails =
        all.stream()
            .filter(Rep::getActive)
            .map(r -> CrmUserMatching.key(r.getEmail()))
            .filter(e -> !e.isEmpty())
            .distinct()
            .toList();
    List<Future<List<io.vertx.core.json.JsonObject>>> queries = new ArrayList<>();
    for (int from = 0; from < emails.size(); from += EMAILS_PER_QUERY) {
      List<String> chunk = emails.subList(from, Math.min(emails.size(), from + EMAILS_PER_QUERY));
      queries.add(
          salesforce.query(
              "SELECT Id, Email FROM User WHERE IsActive = true AND Email IN ("
                  + String.join(",", chunk.stream().map(CrmUserSync::soqlString).toList())
                  + ")",
              2000));
    }
    return Future.all(queries)
        .map(
            x -> {
              for (Future<List<io.vertx.core.json.JsonObject>> q : queries) {
                q.result()
                    .forEach(
                        u ->
                            users
                                .computeIfAbsent(
                                    CrmUserMatching.key(u.getString("Email")),
                                    k -> new ArrayList<>())
                                .add(u.getString("Id")));
              }
              return users;
            });
  }

  /** A SOQL string literal: quotes and backslashes escaped. */
  static String soqlString(String s) {
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  private static <T> Future<T> asStatus(Throwable e) {
    if (e instanceof CrmFailure f) {
      return Future.failedFuture(
          new StatusException(
              f.permanent() ? GrpcStatus.FAILED_PRECONDITION : GrpcStatus.UNAVAILABLE,
              f.getMessage()));
    }
    return Future.failedFuture(e);
  }
}
