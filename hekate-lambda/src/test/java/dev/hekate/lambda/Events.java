package dev.hekate.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** API Gateway payload 2.0 events as the HTTP API builds them, for calling the handler directly. */
public final class Events {
  private static final AtomicInteger IDS = new AtomicInteger();

  private Events() {}

  public static APIGatewayV2HTTPEvent get(String target) {
    return of("GET", target);
  }

  /**
   * A POST of {@code body} to {@code path}, with {@code contentType} (none when null) and marked
   * base64 as API Gateway marks a binary body.
   */
  public static APIGatewayV2HTTPEvent post(String path, String contentType, String body, boolean base64) {
    APIGatewayV2HTTPEvent event = of("POST", path);
    Map<String, String> headers = new HashMap<>(event.getHeaders());
    if (contentType != null) {
      headers.put("content-type", contentType);
    }
    event.setHeaders(headers);
    event.setBody(body);
    event.setIsBase64Encoded(base64);
    return event;
  }

  /** {@code target} is the raw path, then {@code ?} and the raw query if any. */
  public static APIGatewayV2HTTPEvent of(String method, String target) {
    int q = target.indexOf('?');
    String rawPath = q < 0 ? target : target.substring(0, q);
    String rawQuery = q < 0 ? "" : target.substring(q + 1);
    return APIGatewayV2HTTPEvent.builder()
        .withVersion("2.0")
        .withRouteKey("$default")
        .withRawPath(rawPath)
        .withRawQueryString(rawQuery)
        .withHeaders(Map.of("host", "abc123.execute-api.eu-west-1.amazonaws.com", "user-agent", "test"))
        .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
            .withRequestId("req-" + IDS.incrementAndGet())
            .withStage("$default")
            .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                .withMethod(method)
                .withPath(rawPath)
                .withProtocol("HTTP/1.1")
                .withSourceIp("192.0.2.1")
                .build())
            .build())
        .build();
  }
}
