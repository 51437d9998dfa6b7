import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The WebSocket client of the resource measurement (run by measure.sh as a single source file,
 * {@code java LogClient.java PORT PASSWORD}): logs in as {@code admin}, subscribes to every log
 * line, and prints its running totals once a second: {@code <millis> status=N logs=N other=N chars=N}.
 */
public class LogClient {
    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: java LogClient.java PORT PASSWORD");
            System.exit(2);
        }
        AtomicLong status = new AtomicLong();
        AtomicLong logs = new AtomicLong();
        AtomicLong other = new AtomicLong();
        AtomicLong chars = new AtomicLong();
        StringBuilder partial = new StringBuilder();
        String auth = "Basic " + Base64.getEncoder().encodeToString(("admin:" + args[1]).getBytes(StandardCharsets.UTF_8));
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder().header("Authorization", auth)
                .buildAsync(URI.create("ws://127.0.0.1:" + Integer.parseInt(args[0]) + "/ws"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                        partial.append(data);
                        if (last) {
                            String m = partial.toString();
                            partial.setLength(0);
                            chars.addAndGet(m.length());
                            if (m.startsWith("{\"type\":\"statusUpdate\"")) {
                                status.incrementAndGet();
                            } else if (m.startsWith("{\"type\":\"logUpdate\"")) {
                                logs.incrementAndGet();
                            } else {
                                other.incrementAndGet();
                            }
                        }
                        w.request(1);
                        return null;
                    }
                }).join();
        ws.sendText("{\"type\":\"subscribeLogs\",\"history\":0}", true).join();
        while (true) {
            Thread.sleep(1000);
            System.out.println(System.currentTimeMillis() + " status=" + status + " logs=" + logs + " other=" + other
                    + " chars=" + chars);
        }
    }
}
