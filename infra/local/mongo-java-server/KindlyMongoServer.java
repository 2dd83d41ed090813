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
// the whole filter to them; EqualityIndex is a real non-unique index for those lookups. It is
// ordered too (OrderedKey, Range, OrderedPlan): an equality on leading fields plus a range on the
// last is served in the index's order, and a sort by that field with a limit walks the order and
// stops at the limit instead of sorting every match.
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
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.BinData;
import de.bwaldvogel.mongo.bson.BsonRegularExpression;
import de.bwaldvogel.mongo.bson.BsonTimestamp;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.LegacyUUID;
import de.bwaldvogel.mongo.bson.MaxKey;
import de.bwaldvogel.mongo.bson.MinKey;
import de.bwaldvogel.mongo.bson.ObjectId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
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
   * order, so {@code _id} first), then the secondary index with the fewest candidates. Past
   * PREFER_ORDER_ABOVE candidates or without any, the indexes' order: a walk in a sort's order
   * (lazily filtered, skipped and limited), else the fewest candidates of an equality prefix or a
   * range. With no usable index, the stock planner (exact field-set match, else a scan).
   */
  static final class IndexedMemoryCollection extends MemoryCollection {
    IndexedMemoryCollection(
        MongoDatabase database,
        String collectionName,
        CollectionOptions options,
        CursorRegistry cursorRegistry) {
      super(database, collectionName, options, cursorRegistry);
    }

    /** The name of the ordered twin of the _id index. */
    static final String ID_ORDER_INDEX = "_id_kindly_order";

    // Stock builds and drops an index without the collection's lock: a write racing the build
    // would be missing from the new index (and the collection's list of indexes could change
    // under a write that walks it). Taking the lock makes the build see every write.
    @Override
    public synchronized void addIndex(Index<Integer> index) {
      super.addIndex(index);
      // MongoDB serves a range on _id, sorted by _id, from its _id index (a walk by key:
      // `{_id: {$gt: cursor}}` sorted by _id with a limit). The stock unique index has no order,
      // so every page scanned and sorted the whole collection; an ordered twin, added right after
      // it, serves it. Not listed by listIndexes (no client made it); gone with the collection.
      if ("_id_".equals(index.getName()) && !getCollectionName().startsWith("system.")) {
        super.addIndex(new EqualityIndex(ID_ORDER_INDEX, List.of(new IndexKey("_id", true)), false));
      }
    }

    @Override
    public synchronized void dropIndex(String indexName) {
      super.dropIndex(indexName);
    }

    // Stock drops the listed indexes, then expects none left: the unlisted twin goes first.
    @Override
    public synchronized void drop() {
      if (getIndexes().stream().anyMatch(index -> ID_ORDER_INDEX.equals(index.getName()))) {
        super.dropIndex(ID_ORDER_INDEX);
      }
      super.drop();
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
      List<Integer> candidates = query == null ? null : uniqueCandidates(query);
      if (query != null && candidates == null) {
        candidates = equalityCandidates(query);
        if (candidates == null || candidates.size() > PREFER_ORDER_ABOVE) {
          // Ranges, equality prefixes and sorts: the indexes' order.
          List<OrderedPlan> plans = new ArrayList<>();
          for (Index<Integer> index : getIndexes()) {
            if (index instanceof EqualityIndex) {
              OrderedPlan plan = ((EqualityIndex) index).plan(query, orderBy);
              if (plan != null) {
                plans.add(plan);
              }
            }
          }
          OrderedPlan sorted = null;
          for (OrderedPlan plan : plans) {
            if (plan.sorted && (sorted == null || plan.pinned > sorted.pinned)) {
              sorted = plan;
            }
          }
          if (sorted != null) {
            // Candidates in the sort's order: filtered, skipped and limited lazily (the stream
            // stops at the limit), not sorted again. The index stays still while it is walked.
            synchronized (sorted.index) {
              return matchDocuments(
                  query, sorted.positions(), null, numberToSkip, limit, batchSize, fieldSelector);
            }
          }
          for (OrderedPlan plan : plans) {
            List<Integer> positions;
            synchronized (plan.index) {
              positions = toList(plan.positions());
            }
            if (candidates == null || positions.size() < candidates.size()) {
              candidates = positions;
            }
          }
        }
      }
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

    /**
     * An equality lookup with at most this many candidates is taken over an index's order (a sort
     * it can serve, a range): few candidates sort fast, and a walk in order may have to pass many
     * documents the rest of the filter rejects.
     */
    private static final int PREFER_ORDER_ABOVE = 1000;

    private List<Integer> uniqueCandidates(Document query) {
      for (Index<Integer> index : getIndexes()) {
        if (!index.isUnique()) {
          continue;
        }
        Document narrowed = narrow(query, index, index.getKeys().size() == 1);
        if (narrowed != null && index.canHandle(narrowed)) {
          return toList(index.getPositions(narrowed));
        }
      }
      return null;
    }

    private List<Integer> equalityCandidates(Document query) {
      List<Index<Integer>> indexes = getIndexes();
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

    // The order: for each value of the leading fields (normalized), the last field's values in
    // ValueComparator's order, each with its positions (ascending: storage order among equals).
    // Documents with an array in an index field are left out of it and counted; while any is
    // held, or once a value the order cannot place was seen, no query uses the order.
    private final Map<KeyValue, TreeMap<OrderedKey, TreeSet<Integer>>> ordered = new HashMap<>();
    private final Map<Integer, OrderedEntry> orderedByPosition = new HashMap<>();
    private int multikeyDocuments;
    private int unorderableDocuments;

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
      put(idOf(document), position, getKeyValues(document), orderedEntryOf(document));
    }

    private void put(
        KeyValue id, Integer position, Set<KeyValue> keyValues, OrderedEntry orderedEntry) {
      Integer previous = positionById.put(id, position);
      if (previous != null && !previous.equals(position)) {
        throw new IllegalStateException("_id " + id + " already indexed in " + this);
      }
      keysByPosition.put(position, keyValues);
      for (KeyValue keyValue : keyValues) {
        positionsByKey.computeIfAbsent(keyValue, k -> new HashSet<>()).add(position);
      }
      entries += keyValues.size();
      orderedByPosition.put(position, orderedEntry);
      if (orderedEntry == OrderedEntry.MULTIKEY) {
        multikeyDocuments++;
      } else if (orderedEntry == OrderedEntry.UNORDERABLE) {
        unorderableDocuments++;
      } else {
        ordered
            .computeIfAbsent(orderedEntry.prefix, k -> new TreeMap<>(OrderedKey.ORDER))
            .computeIfAbsent(orderedEntry.last, k -> new TreeSet<>())
            .add(position);
      }
    }

    // A KeyValue cannot be empty: the one prefix of a single-field index.
    private static final KeyValue NO_PREFIX = new KeyValue("");

    private static KeyValue prefixKey(List<Object> prefix) {
      return prefix.isEmpty() ? NO_PREFIX : new KeyValue(prefix).normalized();
    }

    /** Where a document goes in the order (not for one the index leaves out). */
    private OrderedEntry orderedEntryOf(Document document) {
      List<String> keys = keys();
      List<Object> prefix = new ArrayList<>();
      Object last = null;
      for (int i = 0; i < keys.size(); i++) {
        Object value = Utils.getSubdocumentValueCollectionAware(document, keys.get(i));
        if (value instanceof Collection) {
          return OrderedEntry.MULTIKEY;
        }
        if (i < keys.size() - 1) {
          prefix.add(value);
        } else {
          last = value;
        }
      }
      OrderedKey key = OrderedKey.of(last);
      if (key == null) {
        return OrderedEntry.UNORDERABLE;
      }
      return new OrderedEntry(prefixKey(prefix), key);
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
      OrderedEntry orderedEntry = orderedByPosition.remove(position);
      if (orderedEntry == OrderedEntry.MULTIKEY) {
        multikeyDocuments--;
      } else if (orderedEntry == OrderedEntry.UNORDERABLE) {
        unorderableDocuments--;
      } else if (orderedEntry != null) {
        TreeMap<OrderedKey, TreeSet<Integer>> values = ordered.get(orderedEntry.prefix);
        if (values != null) {
          TreeSet<Integer> positions = values.get(orderedEntry.last);
          if (positions != null) {
            positions.remove(position);
            if (positions.isEmpty()) {
              values.remove(orderedEntry.last);
              if (values.isEmpty()) {
                ordered.remove(orderedEntry.prefix);
              }
            }
          }
        }
      }
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
      boolean out = leavesOut(newDocument);
      Set<KeyValue> newKeys = out ? null : getKeyValues(newDocument);
      OrderedEntry newEntry = out ? null : orderedEntryOf(newDocument);
      if (Objects.equals(keysByPosition.get(position), newKeys)
          && Objects.equals(orderedByPosition.get(position), newEntry)) {
        return;
      }
      KeyValue id = idOf(oldDocument);
      positionById.remove(id);
      removeKeys(position);
      if (newKeys != null) {
        put(id, position, newKeys, newEntry);
      }
    }

    /**
     * How the order serves a query, or null: the leading fields given plain values (a prefix of
     * them), and then either (all leading fields given) a range on the last field, in the order,
     * or the whole of the last field's order; or (a shorter prefix) every position under it.
     * Sorted when the sort asks for the last field (and any of the pinned ones): the positions
     * then come in the sort's order.
     */
    synchronized OrderedPlan plan(Document query, Document orderBy) {
      if (multikeyDocuments > 0 || unorderableDocuments > 0) {
        return null;
      }
      List<String> keys = keys();
      int n = keys.size();
      List<Object> prefix = new ArrayList<>();
      while (prefix.size() < n - 1 && isPlainValue(query.get(keys.get(prefix.size())))) {
        prefix.add(query.get(keys.get(prefix.size())));
      }
      int pinned = prefix.size();
      KeyValue prefixKey = prefixKey(prefix);
      if (pinned < n - 1) {
        if (pinned == 0) {
          return null;
        }
        return new OrderedPlan(this, pinned, false, () -> underPrefix(prefixKey, pinned));
      }
      String last = keys.get(n - 1);
      Range range;
      if (!query.containsKey(last)) {
        range = Range.ALL;
      } else if (isPlainValue(query.get(last))) {
        return null; // an equality on every field: the hash serves it
      } else {
        range = Range.of(query.get(last));
        if (range == null) {
          range = Range.ALL; // another condition on the last field: applied to the candidates
        }
      }
      Boolean ascending = sortsBy(orderBy, keys, pinned) ? sortAscending(orderBy, last) : null;
      // Without a pinned field or a range, the candidates are every document the index holds:
      // worth walking only in a sort's order, and only when it holds every document (not sparse).
      if (pinned == 0 && range == Range.ALL && (ascending == null || isSparse())) {
        return null;
      }
      boolean descending = Boolean.FALSE.equals(ascending);
      Range bounds = range;
      return new OrderedPlan(
          this, pinned, ascending != null, () -> inRange(prefixKey, bounds, descending));
    }

    /** Whether the sort is the last field, with any of the pinned fields (constant) around it. */
    private static boolean sortsBy(Document orderBy, List<String> keys, int pinned) {
      if (orderBy == null || orderBy.isEmpty()) {
        return false;
      }
      String last = keys.get(keys.size() - 1);
      if (!orderBy.containsKey(last)) {
        return false;
      }
      for (Map.Entry<String, Object> entry : orderBy.entrySet()) {
        if (!(entry.getValue() instanceof Number)) {
          return false;
        }
        int index = keys.indexOf(entry.getKey());
        if (index < 0 || (index >= pinned && index != keys.size() - 1)) {
          return false;
        }
      }
      return true;
    }

    private static Boolean sortAscending(Document orderBy, String last) {
      int direction = ((Number) orderBy.get(last)).intValue();
      return direction == 1 ? Boolean.TRUE : direction == -1 ? Boolean.FALSE : null;
    }

    private Iterator<Integer> underPrefix(KeyValue prefixKey, int pinned) {
      List<Integer> positions = new ArrayList<>();
      for (Map.Entry<KeyValue, TreeMap<OrderedKey, TreeSet<Integer>>> entry : ordered.entrySet()) {
        KeyValue key = entry.getKey();
        boolean matches = true;
        for (int i = 0; i < pinned && matches; i++) {
          matches = Objects.equals(key.get(i), prefixKey.get(i));
        }
        if (matches) {
          entry.getValue().values().forEach(positions::addAll);
        }
      }
      return positions.iterator();
    }

    /**
     * The positions in the range, in the order (descending: the values from the highest, each
     * value's positions still ascending, as a stable sort leaves them). Missing and null are one
     * value to a sort, so their positions come merged.
     */
    private Iterator<Integer> inRange(KeyValue prefixKey, Range range, boolean descending) {
      TreeMap<OrderedKey, TreeSet<Integer>> values = ordered.get(prefixKey);
      if (values == null || OrderedKey.ORDER.compare(range.low, range.high) > 0) {
        return Collections.emptyIterator();
      }
      NavigableMap<OrderedKey, TreeSet<Integer>> inRange =
          values.subMap(range.low, range.lowInclusive, range.high, range.highInclusive);
      if (descending) {
        inRange = inRange.descendingMap();
      }
      Iterator<Map.Entry<OrderedKey, TreeSet<Integer>>> entries = inRange.entrySet().iterator();
      return new Iterator<>() {
        private Iterator<Integer> current = Collections.emptyIterator();
        private Map.Entry<OrderedKey, TreeSet<Integer>> pending;

        @Override
        public boolean hasNext() {
          while (!current.hasNext()) {
            Map.Entry<OrderedKey, TreeSet<Integer>> entry = pending;
            pending = null;
            if (entry == null) {
              if (!entries.hasNext()) {
                return false;
              }
              entry = entries.next();
            }
            TreeSet<Integer> positions = entry.getValue();
            if (entry.getKey().isNullOrMissing() && entries.hasNext()) {
              Map.Entry<OrderedKey, TreeSet<Integer>> next = entries.next();
              if (next.getKey().isNullOrMissing()) {
                positions = new TreeSet<>(positions);
                positions.addAll(next.getValue());
              } else {
                pending = next;
              }
            }
            current = positions.iterator();
          }
          return true;
        }

        @Override
        public Integer next() {
          if (!hasNext()) {
            throw new java.util.NoSuchElementException();
          }
          return current.next();
        }
      };
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
      ordered.clear();
      orderedByPosition.clear();
      multikeyDocuments = 0;
      unorderableDocuments = 0;
    }
  }
  /** Where a document sits in an EqualityIndex's order. */
  static final class OrderedEntry {
    static final OrderedEntry MULTIKEY = new OrderedEntry(null, null);
    static final OrderedEntry UNORDERABLE = new OrderedEntry(null, null);

    final KeyValue prefix;
    final OrderedKey last;

    OrderedEntry(KeyValue prefix, OrderedKey last) {
      this.prefix = prefix;
      this.last = last;
    }

    @Override
    public boolean equals(Object o) {
      if (this == o) {
        return true;
      }
      if (!(o instanceof OrderedEntry) || this == MULTIKEY || this == UNORDERABLE) {
        return false;
      }
      OrderedEntry other = (OrderedEntry) o;
      return Objects.equals(prefix, other.prefix)
          && other.last != null
          && OrderedKey.ORDER.compare(last, other.last) == 0
          && last.rank == other.last.rank;
    }

    @Override
    public int hashCode() {
      return Objects.hashCode(prefix);
    }
  }

  /** An OrderedPlan's positions, walked lazily under the index's lock. */
  static final class OrderedPlan {
    final EqualityIndex index;
    final int pinned;
    final boolean sorted;
    private final java.util.function.Supplier<Iterator<Integer>> walk;

    OrderedPlan(
        EqualityIndex index,
        int pinned,
        boolean sorted,
        java.util.function.Supplier<Iterator<Integer>> walk) {
      this.index = index;
      this.pinned = pinned;
      this.sorted = sorted;
      this.walk = walk;
    }

    Iterable<Integer> positions() {
      return walk::get;
    }
  }

  /**
   * A value's place in ValueComparator's order (MongoDB's type order, then the value), where a
   * whole type can be bounded: rank is the type's place in that order (missing before null, which
   * a sort puts together), and a LOW or HIGH sentinel stands before or after every value of its
   * rank. Numbers compare as doubles (so 1, 1L and 1.0 are one value, as they are to MongoDB).
   */
  static final class OrderedKey {
    static final int MIN_KEY = 0;
    static final int MISSING = 1;
    static final int NULL = 2;
    static final int NUMBER = 3;
    static final int STRING = 4;
    static final int DATE = 12;
    static final int MAX_KEY = 15;

    static final Comparator<OrderedKey> ORDER = OrderedKey::compare;

    final int rank;
    final Object value;
    final int sentinel; // -1 before the rank's values, 1 after, 0 a value

    private OrderedKey(int rank, Object value, int sentinel) {
      this.rank = rank;
      this.value = value;
      this.sentinel = sentinel;
    }

    static OrderedKey low(int rank) {
      return new OrderedKey(rank, null, -1);
    }

    static OrderedKey high(int rank) {
      return new OrderedKey(rank, null, 1);
    }

    boolean isNullOrMissing() {
      return rank == MISSING || rank == NULL;
    }

    /** The key of a stored value, or null for one of a type whose place is unknown. */
    static OrderedKey of(Object value) {
      int rank = rankOf(value);
      if (rank < 0) {
        return null;
      }
      if (rank == NUMBER) {
        // -0.0 and 0.0 are one value (+ 0.0 turns -0.0 into 0.0).
        return new OrderedKey(rank, ((Number) value).doubleValue() + 0.0, 0);
      }
      if (value instanceof Document) {
        // The stored document's subdocument is updated in place: keep the value as it was.
        return new OrderedKey(rank, ((Document) value).cloneDeeply(), 0);
      }
      return new OrderedKey(rank, rank <= NULL ? null : value, 0);
    }

    private static int rankOf(Object value) {
      if (value instanceof MinKey) {
        return MIN_KEY;
      } else if (value instanceof Missing) {
        return MISSING;
      } else if (value == null) {
        return NULL;
      } else if (value instanceof Number) {
        return NUMBER;
      } else if (value instanceof String) {
        return STRING;
      } else if (value instanceof Document) {
        return 5;
      } else if (value instanceof BinData) {
        return 7;
      } else if (value instanceof LegacyUUID) {
        return 8;
      } else if (value instanceof UUID) {
        return 9;
      } else if (value instanceof ObjectId) {
        return 10;
      } else if (value instanceof Boolean) {
        return 11;
      } else if (value instanceof Instant) {
        return DATE;
      } else if (value instanceof BsonTimestamp) {
        return 13;
      } else if (value instanceof BsonRegularExpression) {
        return 14;
      } else if (value instanceof MaxKey) {
        return MAX_KEY;
      }
      return -1;
    }

    private static int compare(OrderedKey a, OrderedKey b) {
      int byRank = Integer.compare(a.rank, b.rank);
      if (byRank != 0) {
        return byRank;
      }
      if (a.sentinel != 0 || b.sentinel != 0) {
        return Integer.compare(a.sentinel, b.sentinel);
      }
      if (a.rank == NUMBER) {
        return Double.compare((Double) a.value, (Double) b.value);
      }
      if (a.rank <= NULL || a.rank == MAX_KEY) {
        return 0;
      }
      return ValueComparator.asc().compare(a.value, b.value);
    }
  }

  /**
   * A range of the order that holds every value a filter's condition on a field can match, or
   * null when the condition is not one it can bound: $gt, $gte, $lt, $lte on numbers, strings or
   * dates (all of one of them: the matcher, as MongoDB, compares only values of the bound's type,
   * numbers with numbers), and $exists: true. The whole filter is applied to what the range
   * yields, so it may hold more than matches (number bounds are taken inclusive, as doubles).
   */
  static final class Range {
    static final Range ALL =
        new Range(OrderedKey.low(OrderedKey.MIN_KEY), true, OrderedKey.high(OrderedKey.MAX_KEY), true);

    final OrderedKey low;
    final boolean lowInclusive;
    final OrderedKey high;
    final boolean highInclusive;

    Range(OrderedKey low, boolean lowInclusive, OrderedKey high, boolean highInclusive) {
      this.low = low;
      this.lowInclusive = lowInclusive;
      this.high = high;
      this.highInclusive = highInclusive;
    }

    static Range of(Object condition) {
      if (!(condition instanceof Document) || ((Document) condition).isEmpty()) {
        return null;
      }
      int rank = -1;
      OrderedKey low = null;
      OrderedKey high = null;
      boolean lowInclusive = true;
      boolean highInclusive = true;
      for (Map.Entry<String, Object> entry : ((Document) condition).entrySet()) {
        String operator = entry.getKey();
        Object bound = entry.getValue();
        if (operator.equals("$exists")) {
          if (!(Boolean.TRUE.equals(bound)
              || (bound instanceof Number && ((Number) bound).doubleValue() != 0))) {
            return null;
          }
          continue;
        }
        boolean lower = operator.equals("$gt") || operator.equals("$gte");
        boolean upper = operator.equals("$lt") || operator.equals("$lte");
        if (!lower && !upper) {
          return null;
        }
        int boundRank = boundRank(bound);
        if (boundRank < 0 || (rank >= 0 && rank != boundRank)) {
          return null;
        }
        rank = boundRank;
        OrderedKey key = OrderedKey.of(bound);
        boolean inclusive = operator.endsWith("e");
        if (lower) {
          int cmp = low == null ? 1 : OrderedKey.ORDER.compare(key, low);
          if (cmp > 0 || (cmp == 0 && !inclusive)) {
            low = key;
            lowInclusive = inclusive;
          }
        } else {
          int cmp = high == null ? -1 : OrderedKey.ORDER.compare(key, high);
          if (cmp < 0 || (cmp == 0 && !inclusive)) {
            high = key;
            highInclusive = inclusive;
          }
        }
      }
      if (rank < 0) {
        // Only $exists: true. Null is a value, missing is not.
        return new Range(OrderedKey.low(OrderedKey.NULL), true, OrderedKey.high(OrderedKey.MAX_KEY), true);
      }
      if (low == null) {
        low = OrderedKey.low(rank);
      }
      if (high == null) {
        high = OrderedKey.high(rank);
      }
      if (rank == OrderedKey.NUMBER) {
        lowInclusive = true;
        highInclusive = true;
      }
      return new Range(low, lowInclusive, high, highInclusive);
    }

    /** The rank of a bound the range can serve, or -1. */
    private static int boundRank(Object bound) {
      if (bound instanceof Instant) {
        return OrderedKey.DATE;
      }
      if (bound instanceof String) {
        return OrderedKey.STRING;
      }
      if (bound instanceof Integer || bound instanceof Double || bound instanceof Long) {
        // A long beyond a double's precision compares as a long in the matcher: not bounded here.
        Number number = Utils.normalizeNumber((Number) bound);
        if (number instanceof Long || Double.isNaN(number.doubleValue())) {
          return -1;
        }
        return OrderedKey.NUMBER;
      }
      return -1;
    }
  }
}
