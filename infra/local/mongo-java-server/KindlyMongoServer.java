// The Docker-less MongoDB-wire server that infra/local runs by default: mongo-java-server with its
// in-memory backend, bound to loopback. Run from source by the Java 17 launcher (no build step).
//
// Why not stock: mongo-java-server 1.47.0 reports wire version 8 (MongoDB 4.2) and the Node
// driver 6+ refuses anything below 9. This reports MongoDB 5.0 (wire 13), the version whose
// commands the driver sends for everything Kindly uses (see shared/mongo/MONGODB-SUBSET.md).
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.MongoVersion;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.util.List;

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
    MongoServer server = new MongoServer(new MemoryBackend().version(MONGODB_5_0));
    server.bind(host, port);
    Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow));
    System.err.println("mongo-java-server listening on " + host + ":" + port + " (in memory)");
    Thread.currentThread().join();
  }
}
