package io.leadflow.activities.meet;

import com.google.api.client.http.HttpTransport;
import com.google.api.client.http.LowLevelHttpRequest;
import com.google.api.client.http.LowLevelHttpResponse;
import io.leadflow.activities.channel.PooledConnections;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Google's HTTP client (Calendar, and the OAuth token exchange) over OkHttp with {@link PooledConnections}, so a
 * connection Google or a proxy closed while idle never fails a Meet the way it could through the JDK's
 * {@code HttpURLConnection} (which does not resend a streamed POST). Redirects, retries and gzip stay Google's
 * client's business, as with its own transports.
 */
final class GoogleHttpTransport extends HttpTransport {

    private static final byte[] EMPTY = new byte[0];
    /** Methods OkHttp refuses without a body; Google sends some of them empty. */
    private static final java.util.Set<String> BODY_METHODS = java.util.Set.of("POST", "PUT", "PATCH");

    private final PooledConnections http = PooledConnections.of(new OkHttpClient.Builder()
            .followRedirects(false)
            .followSslRedirects(false));

    @Override
    protected LowLevelHttpRequest buildRequest(String method, String url) {
        return new Call(method, url);
    }

    private final class Call extends LowLevelHttpRequest {

        private final String method;
        private final Request.Builder request;
        private int connectTimeoutMs = 20_000;
        private int readTimeoutMs = 20_000;

        Call(String method, String url) {
            this.method = method;
            this.request = new Request.Builder().url(url);
        }

        @Override
        public void addHeader(String name, String value) {
            request.addHeader(name, value);
        }

        @Override
        public void setTimeout(int connectTimeout, int readTimeout) {
            this.connectTimeoutMs = connectTimeout;
            this.readTimeoutMs = readTimeout;
        }

        @Override
        public LowLevelHttpResponse execute() throws IOException {
            RequestBody body = null;
            if (getStreamingContent() != null) {
                ByteArrayOutputStream content = new ByteArrayOutputStream();
                getStreamingContent().writeTo(content);
                body = RequestBody.create(content.toByteArray(),
                        getContentType() == null ? null : MediaType.parse(getContentType()));
                if (getContentEncoding() != null) {
                    request.header("Content-Encoding", getContentEncoding());
                }
            } else if (BODY_METHODS.contains(method)) {
                body = RequestBody.create(EMPTY, null);
            }
            OkHttpClient client = http.client().newBuilder()
                    .connectTimeout(connectTimeoutMs, TimeUnit.MILLISECONDS)
                    .readTimeout(readTimeoutMs, TimeUnit.MILLISECONDS)
                    .build();
            return new Answer(http.execute(client, request.method(method, body).build()));
        }
    }

    private static final class Answer extends LowLevelHttpResponse {

        private final Response response;

        Answer(Response response) {
            this.response = response;
        }

        @Override
        public InputStream getContent() {
            return response.body() == null ? null : response.body().byteStream();
        }

        @Override
        public String getContentEncoding() {
            return response.header("Content-Encoding");
        }

        @Override
        public long getContentLength() {
            return response.body() == null ? -1 : response.body().contentLength();
        }

        @Override
        public String getContentType() {
            return response.header("Content-Type");
        }

        @Override
        public String getStatusLine() {
            return response.protocol().toString().toUpperCase(java.util.Locale.ROOT) + " " + response.code() + " "
                    + response.message();
        }

        @Override
        public int getStatusCode() {
            return response.code();
        }

        @Override
        public String getReasonPhrase() {
            return response.message();
        }

        @Override
        public int getHeaderCount() {
            return response.headers().size();
        }

        @Override
        public String getHeaderName(int index) {
            return response.headers().name(index);
        }

        @Override
        public String getHeaderValue(int index) {
            return response.headers().value(index);
        }

        @Override
        public void disconnect() {
            response.close();
        }
    }
}
