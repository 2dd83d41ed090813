// The Docker-less MongoDB-wire server that infra/local runs by default: mongo-java-server with its
// in-memory backend, bound to loopback. Run from source by the Java 17 launcher (no build step).
//
// Why not stock: mongo-java-server 1.47.0 reports wire version 8 (MongoDB 4.2) and the Node
// driver 6+ refuses anything below 9. This reports MongoDB 5.0 (wire 13), the version whose
// commands the driver sends for everything Kindly uses (see shared/mongo/MONGODB-SUBSET.md).
//
// Why a backend of our own: stock, a query uses an index only when its top-level fields are
// exactly the index's fields, and non-unique indexes are not built at all. Every other query
// (`{_id, version}`, `{_id, outcome: {$exists: false}}`, `{tenantId, accountId, ...}`) scanned the
// whole collection, so the cost of each query grew with the collection and the cost of a run
// with the square of its work. IndexedMemoryCollection picks candidates the way MongoDB does for
// an equality prefix (an index whose every field the filter gives a plain value) and then applies
// the whole filter to them; EqualityIndex is a real non-unique index for those lookups.
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.MongoVersion;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryCollection;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import de.bwaldvogel.mongo.bson.BsonRegularExpression;
import de.bwaldvogel.mongo.bson.Document;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

public class KindlyMongoServer {
  private static final MongoVersion MONGODB_5_0 =
      new MongoVersion() {
        @Override
        public List<Integer> getVersionArray() {
          return List.of(5, 0, 0);
        }

        @Override
        public int getWireVersion() {
          return 13;
        }
      };

  public static void main(String[] args) throws Exception {
    String host = args.length > 0 ? args[0] : "127.0.0.1";
    int port = args.length > 1 ? Integer.parseInt(args[1]) : 27018;
    MongoServer server = new MongoServer(new IndexedMemoryBackend().version(MONGODB_5_0));
    server.bind(host, port);
    Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow));
    System.err.println(
        "mongo-java-server listening on " + host + ":" + port + " (in memory, equality indexes)");
    Thread.currentThread().join();
  }

  /** The in-memory backend, whose databases make IndexedMemoryCollections and EqualityIndexes. */
  static final class IndexedMemoryBackend extends MemoryBackend {
    @Override
    public MemoryDatabase openOrCreateDatabase(String databaseName) {
      return new IndexedMemoryDatabase(databaseName, getCursorRegistry());
    }
  }

  static final class IndexedMemoryDatabase extends MemoryDatabase {
    IndexedMemoryDatabase(String databaseName, CursorRegistry cursorRegistry) {
      super(databaseName, cursorRegistry);
    }

    // Called from the superclass constructor too: uses nothing of this class's own state.
    @Override
    protected MemoryCollection openOrCreateCollection(
        String collectionName, CollectionOptions options) {
      return new IndexedMemoryCollection(this, collectionName, options, cursorRegistry);
    }

    // Stock returns an EmptyIndex here ("adding secondary index ... is not yet implemented").
    @Override
    protected Index<Integer> openOrCreateSecondaryIndex(
        String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
      return new EqualityIndex(indexName, keys, sparse);
    }
  }

  /**
   * Plans a query as MongoDB does for an equality prefix: an index can serve a filter whose top
   * level gives every field of the index a plain value (or, for a single-field unique index, an
   * {@code $in} of plain values). The index yields candidates; the whole filter is then applied to
   * them. The top-level fields of a filter are a conjunction, so the candidates are a superset of
   * the matches and the answer is the same as a scan's. Unique indexes come first (in creation
   * order, so {@code _id} first), then the secondary index with the fewest candidates; with no
   * usable index, the stock planner (exact field-set match, else a scan).
   */
  static final class IndexedMemoryCollection extends MemoryCollection {
    IndexedMemoryCollection(
        MongoDatabase database,
        String collectionName,
        CollectionOptions options,
        CursorRegistry cursorRegistry) {
      super(database, collectionName, options, cursorRegistry);
    }

    // Stock builds and drops an index without the collection's lock: a write racing the build
    // would be missing from the new index (and the collection's list of indexes could change
    // under a write that walks it). Taking the lock makes the build see every write.
    @Override
    public synchronized void addIndex(Index<Integer> index) {
      super.addIndex(index);
    }

    @Override
    public synchronized void dropIndex(String indexName) {
      super.dropIndex(indexName);
    }

    // The indexes are the collection's own list (getIndexes() returns it), so creation and drop
    // need no bookkeeping here. Synchronized like every other query of
    // AbstractSynchronizedMongoCollection (count() reaches here without the collection's lock).
    @Override
    protected synchronized QueryResult queryDocuments(
        Document query,
        Document orderBy,
        int numberToSkip,
        int limit,
        int batchSize,
        Document fieldSelector) {
      List<Integer> candidates = query == null ? null : candidatePositions(query);
      if (candidates == null) {
        ScanLog.record(getFullName(), query, count());
        return super.queryDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
      }
      // Natural (storage) order, as a scan would return them.
      Collections.sort(candidates);
      if (isNaturalDescending(orderBy)) {
        Collections.reverse(candidates);
      }
      return matchDocuments(
          query, candidates, orderBy, numberToSkip, limit, batchSize, fieldSelector);
    }

    private List<Integer> candidatePositions(Document query) {
      List<Index<Integer>> indexes = getIndexes();
      for (Index<Integer> index : indexes) {
        if (!index.isUnique()) {
          continue;
        }
        Document narrowed = narrow(query, index, index.getKeys().size() == 1);
        if (narrowed != null && index.canHandle(narrowed)) {
          return toList(index.getPositions(narrowed));
        }
      }
      List<Integer> best = null;
      for (Index<Integer> index : indexes) {
        if (!(index instanceof EqualityIndex)) {
          continue;
        }
        Document narrowed = narrow(query, index, index.getKeys().size() == 1);
        if (narrowed != null && index.canHandle(narrowed)) {
          List<Integer> positions = toList(index.getPositions(narrowed));
          if (best == null || positions.size() < best.size()) {
            best = positions;
          }
        }
      }
      return best;
    }

    /** The query restricted to the index's fields, or null when it does not pin each of them. */
    private static Document narrow(Document query, Index<Integer> index, boolean allowIn) {
      Document narrowed = new Document();
      for (IndexKey indexKey : index.getKeys()) {
        String key = indexKey.getKey();
        if (!query.containsKey(key)) {
          return null;
        }
        Object value = query.get(key);
        if (!isPlainValue(value) && !(allowIn && isPlainIn(value))) {
          return null;
        }
        narrowed.put(key, value);
      }
      return narrowed;
    }

    private static boolean isPlainIn(Object value) {
      if (!(value instanceof Document)) {
        return false;
      }
      Document expression = (Document) value;
      if (expression.size() != 1 || !(expression.get("$in") instanceof Collection)) {
        return false;
      }
      for (Object element : (Collection<?>) expression.get("$in")) {
        if (!isPlainValue(element)) {
          return false;
        }
      }
      return true;
    }

    private static List<Integer> toList(Iterable<Integer> positions) {
      List<Integer> list = new ArrayList<>();
      positions.forEach(list::add);
      return list;
    }
  }

  /**
   * A value an index can look up by equality: not null or missing (a filter's null also matches
   * documents without the field, which a sparse index does not hold), not an array (matches the
   * whole array as well as an element), not a regular expression, not an operator document.
   */
  static boolean isPlainValue(Object value) {
    if (value == null || value instanceof Missing) {
      return false;
    }
    if (value instanceof Collection
        || value instanceof Pattern
        || BsonRegularExpression.isRegularExpression(value)) {
      return false;
    }
    return !(value instanceof Document) || !containsDollarKey((Document) value);
  }

  private static boolean containsDollarKey(Document document) {
    for (Map.Entry<String, Object> entry : document.entrySet()) {
      if (entry.getKey().startsWith("$")) {
        return true;
      }
      if (entry.getValue() instanceof Document && containsDollarKey((Document) entry.getValue())) {
        return true;
      }
    }
    return false;
  }

  /**
   * With KINDLY_MONGO_LOG_SCANS set, counts the queries no index could serve, by collection and
   * filter shape (field names and operators, never values), and prints the busiest to the server's
   * log every 10 seconds: where a workload's cost grows with the size of a collection.
   */
  static final class ScanLog {
    private static final boolean ON = System.getenv("KINDLY_MONGO_LOG_SCANS") != null;
    private static final Map<String, long[]> SCANS = new java.util.concurrent.ConcurrentHashMap<>();

    static {
      if (ON) {
        Thread printer = new Thread(ScanLog::printEvery10Seconds, "scan-log");
        printer.setDaemon(true);
        printer.start();
      }
    }

    static void record(String collection, Document query, int documents) {
      if (!ON) {
        return;
      }
      long[] counts = SCANS.computeIfAbsent(collection + " " + shapeOf(query), k -> new long[2]);
      synchronized (counts) {
        counts[0]++;
        counts[1] += documents;
      }
    }

    private static String shapeOf(Document query) {
      if (query == null || query.isEmpty()) {
        return "{}";
      }
      StringBuilder shape = new StringBuilder("{");
      for (Map.Entry<String, Object> entry : query.entrySet()) {
        if (shape.length() > 1) {
          shape.append(", ");
        }
        shape.append(entry.getKey());
        Object value = entry.getValue();
        if (value instanceof Document && containsDollarKey((Document) value)) {
          shape.append(": ").append(((Document) value).keySet());
        }
      }
      return shape.append("}").toString();
    }

    private static void printEvery10Seconds() {
      while (true) {
        try {
          Thread.sleep(10_000);
        } catch (InterruptedException e) {
          return;
        }
        List<Map.Entry<String, long[]>> busiest = new ArrayList<>(SCANS.entrySet());
        SCANS.clear();
        busiest.sort((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1]));
        for (Map.Entry<String, long[]> entry : busiest.subList(0, Math.min(10, busiest.size()))) {
          System.err.println(
              "scan: "
                  + entry.getKey()
                  + " x"
                  + entry.getValue()[0]
                  + ", "
                  + entry.getValue()[1]
                  + " documents in 10 s");
        }
      }
    }
  }

  /**
   * A non-unique index for equality lookups: normalized key values (arrays expanded, one entry per
   * element, as Index.getKeyValues does for unique indexes) to the positions of the documents that
   * hold them. It also knows each document's position by its normalized _id, for remove() and
   * getPosition() (the collection needs a position from every index that holds the document).
   */
  static final class EqualityIndex extends Index<Integer> {
    private final Map<KeyValue, Set<Integer>> positionsByKey = new HashMap<>();
    private final Map<Integer, Set<KeyValue>> keysByPosition = new HashMap<>();
    private final Map<KeyValue, Integer> positionById = new HashMap<>();
    private long entries;

    EqualityIndex(String name, List<IndexKey> keys, boolean sparse) {
      super(name, keys, sparse);
    }

    private static KeyValue idOf(Document document) {
      Object id = document.get("_id");
      if (id == null) {
        throw new IllegalStateException("a secondary index needs documents with an _id");
      }
      return new KeyValue(Collections.singletonList(id)).normalized();
    }

    /** A sparse index leaves out documents that have none of its fields. */
    private boolean leavesOut(Document document) {
      if (!isSparse()) {
        return false;
      }
      for (String key : keys()) {
        if (!(Utils.getSubdocumentValueCollectionAware(document, key) instanceof Missing)) {
          return false;
        }
      }
      return true;
    }

    @Override
    public synchronized Integer getPosition(Document document) {
      return document.get("_id") == null ? null : positionById.get(idOf(document));
    }

    @Override
    public synchronized void checkAdd(
        Document document, de.bwaldvogel.mongo.MongoCollection<Integer> collection) {
      // Not unique. Computing the keys rejects parallel arrays before the document is stored.
      if (!leavesOut(document)) {
        idOf(document);
        getKeyValues(document);
      }
    }

    @Override
    public synchronized void add(
        Document document,
        Integer position,
        de.bwaldvogel.mongo.MongoCollection<Integer> collection) {
      if (leavesOut(document)) {
        return;
      }
      put(idOf(document), position, getKeyValues(document));
    }

    private void put(KeyValue id, Integer position, Set<KeyValue> keyValues) {
      Integer previous = positionById.put(id, position);
      if (previous != null && !previous.equals(position)) {
        throw new IllegalStateException("_id " + id + " already indexed in " + this);
      }
      keysByPosition.put(position, keyValues);
      for (KeyValue keyValue : keyValues) {
        positionsByKey.computeIfAbsent(keyValue, k -> new HashSet<>()).add(position);
      }
      entries += keyValues.size();
    }

    @Override
    public synchronized Integer remove(Document document) {
      Integer position = positionById.remove(idOf(document));
      if (position != null) {
        removeKeys(position);
      }
      return position;
    }

    private void removeKeys(Integer position) {
      Set<KeyValue> keyValues = keysByPosition.remove(position);
      if (keyValues == null) {
        return;
      }
      for (KeyValue keyValue : keyValues) {
        Set<Integer> positions = positionsByKey.get(keyValue);
        if (positions != null) {
          positions.remove(position);
          if (positions.isEmpty()) {
            positionsByKey.remove(keyValue);
          }
        }
      }
      entries -= keyValues.size();
    }

    @Override
    public synchronized void checkUpdate(
        Document oldDocument,
        Document newDocument,
        de.bwaldvogel.mongo.MongoCollection<Integer> collection) {
      checkAdd(newDocument, collection);
    }

    @Override
    public synchronized void updateInPlace(
        Document oldDocument,
        Document newDocument,
        Integer position,
        de.bwaldvogel.mongo.MongoCollection<Integer> collection) {
      Set<KeyValue> newKeys = leavesOut(newDocument) ? null : getKeyValues(newDocument);
      if (Objects.equals(keysByPosition.get(position), newKeys)) {
        return;
      }
      KeyValue id = idOf(oldDocument);
      positionById.remove(id);
      removeKeys(position);
      if (newKeys != null) {
        put(id, position, newKeys);
      }
    }

    @Override
    public synchronized boolean canHandle(Document query) {
      if (!query.keySet().equals(keySet())) {
        return false;
      }
      for (Object value : query.values()) {
        // A single field may also be asked for a set of values (`$in`), as a unique index may.
        if (!isPlainValue(value) && !(query.size() == 1 && isPlainInList(value))) {
          return false;
        }
      }
      return true;
    }

    private static boolean isPlainInList(Object value) {
      if (!(value instanceof Document) || ((Document) value).size() != 1) {
        return false;
      }
      Object list = ((Document) value).get("$in");
      if (!(list instanceof Collection)) {
        return false;
      }
      for (Object element : (Collection<?>) list) {
        if (!isPlainValue(element)) {
          return false;
        }
      }
      return true;
    }

    @Override
    public synchronized Iterable<Integer> getPositions(Document query) {
      if (query.size() == 1 && isPlainInList(query.values().iterator().next())) {
        Set<Integer> union = new HashSet<>();
        Document in = (Document) query.values().iterator().next();
        for (Object element : (Collection<?>) in.get("$in")) {
          Set<Integer> positions =
              positionsByKey.get(new KeyValue(Collections.singletonList(element)).normalized());
          if (positions != null) {
            union.addAll(positions);
          }
        }
        return new ArrayList<>(union);
      }
      // As AbstractUniqueIndex builds its lookup key: each field's queried value, in key order,
      // normalized (numbers as doubles, so 1 and 1.0 meet).
      KeyValue queried =
          new KeyValue(keys().stream().map(query::get).collect(Collectors.toList())).normalized();
      Set<Integer> positions = positionsByKey.get(queried);
      return positions == null ? List.of() : new ArrayList<>(positions);
    }

    @Override
    public synchronized long getCount() {
      return entries;
    }

    @Override
    public synchronized boolean isEmpty() {
      return positionById.isEmpty();
    }

    @Override
    public synchronized long getDataSize() {
      return entries; // as MemoryUniqueIndex: one per entry
    }

    @Override
    public synchronized void drop() {
      positionsByKey.clear();
      keysByPosition.clear();
      positionById.clear();
      entries = 0;
    }
  }
}
