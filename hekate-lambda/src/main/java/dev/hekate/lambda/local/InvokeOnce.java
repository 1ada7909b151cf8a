package dev.hekate.lambda.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.hekate.lambda.ApiHandler;
import java.util.Map;

/**
 * One cold invocation, as the Lambda runtime makes it: the handler built from the environment
 * (init), then one API Gateway event for {@code GET <target>}; prints {@code HTTP <status> <body>}.
 * {@code scripts/bench-startup} times it from process start; it is also a quick way to try the
 * deployment jar:
 *
 * <pre>{@code
 * HEKATE_GITHUB_CHECK=false java -cp hekate-lambda/target/hekate-lambda.jar \
 *     dev.hekate.lambda.local.InvokeOnce /v1/npm/sigstore@2.3.1
 * }</pre>
 */
public final class InvokeOnce {
  private InvokeOnce() {}

  public static void main(String[] args) {
    if (args.length != 1 || !args[0].startsWith("/")) {
      System.err.println("usage: InvokeOnce /v1/npm/<package>@<version>   (environment as on Lambda: HEKATE_*)");
      System.exit(2);
    }
    ApiHandler handler = new ApiHandler();
    String target = args[0];
    int q = target.indexOf('?');
    APIGatewayV2HTTPEvent event = APIGatewayV2HTTPEvent.builder()
        .withVersion("2.0")
        .withRouteKey("$default")
        .withRawPath(q < 0 ? target : target.substring(0, q))
        .withRawQueryString(q < 0 ? "" : target.substring(q + 1))
        .withHeaders(Map.of())
        .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
            .withRequestId("invoke-once")
            .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("GET").withPath(target).build())
            .build())
        .build();
    APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);
    System.out.println("HTTP " + response.getStatusCode() + " " + response.getBody());
    System.out.flush();
    System.exit(response.getStatusCode() == 200 ? 0 : 1);
  }
}
