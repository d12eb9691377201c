import java.lang.reflect.Field;
import java.util.Arrays;

/**
 * DynamoDB Local bound to one address. DynamoDB Local builds its Jetty server with a port only, so
 * it listens on every interface and has no option to change that; this launcher builds the same
 * server from the same command line (first argument: the address, the rest: DynamoDB Local's own
 * options), sets the address on its connectors, and starts it. Reflection only, so it compiles
 * against the JDK alone and follows whichever DynamoDB Local jar is on the class path.
 */
public final class LoopbackDynamoDbLocal {
  public static void main(String[] args) throws Exception {
    String host = args[0];
    String[] options = Arrays.copyOfRange(args, 1, args.length);
    Class<?> runner = Class.forName("software.amazon.dynamodb.services.local.main.ServerRunner");
    Object proxy = runner.getMethod("createServerFromCommandLineArgs", String[].class).invoke(null, (Object) options);
    Field field = proxy.getClass().getDeclaredField("server");
    field.setAccessible(true);
    Object jetty = field.get(proxy);
    Object[] connectors = (Object[]) jetty.getClass().getMethod("getConnectors").invoke(jetty);
    if (connectors.length == 0) throw new IllegalStateException("DynamoDB Local has no connector to bind");
    for (Object connector : connectors) {
      connector.getClass().getMethod("setHost", String.class).invoke(connector, host);
    }
    proxy.getClass().getMethod("start").invoke(proxy);
  }
}
