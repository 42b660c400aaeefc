package dev.leadrouter.notify.crm;

import dev.leadrouter.runtime.crm.CrmFailure;
import dev.leadrouter.runtime.crm.HubSpotClient;
import dev.leadrouter.runtime.crm.SalesforceClient;
import io.vertx.core.Future;
import java.util.Collection;
import java.util.Map;

/** Reading and setting record owners in one CRM, many records per call. */
public interface CrmOwners {
  /** Most records one call may read or write. */
  int maxBatch();

  /** Current owners by record id ("" = none); deleted records are absent. */
  Future<Map<String, String>> ownersOf(String objectType, Collection<String> recordIds);

  /** Sets owners; answers the failure of each record that failed. */
  Future<Map<String, CrmFailure>> setOwners(String objectType, Map<String, String> owners);

  static CrmOwners salesforce(SalesforceClient client) {
    return new CrmOwners() {
      @Override
      public int maxBatch() {
        return SalesforceClient.MAX_COLLECTION;
      }

      @Override
      public Future<Map<String, String>> ownersOf(String objectType, Collection<String> ids) {
        return client.ownersOf(objectType, ids);
      }

      @Override
      public Future<Map<String, CrmFailure>> setOwners(String objectType, Map<String, String> o) {
        return client.setOwners(objectType, o);
      }
    };
  }

  static CrmOwners hubspot(HubSpotClient client) {
    return new CrmOwners() {
      @Override
      public int maxBatch() {
        return HubSpotClient.MAX_BATCH;
      }

      @Override
      public Future<Map<String, String>> ownersOf(String objectType, Collection<String> ids) {
        return client.ownersOf(ids);
      }

      @Override
      public Future<Map<String, CrmFailure>> setOwners(String objectType, Map<String, String> o) {
        return client.setOwners(o);
      }
    };
  }
}
