package dev.sibyl.server.graph;

import io.smallrye.graphql.api.ErrorCode;
import org.eclipse.microprofile.graphql.GraphQLException;

/** GraphQL errors carrying the same {@code code} slugs as REST problems (in {@code extensions.code}). */
final class GraphErrors {
    private GraphErrors() {}

    @ErrorCode("not-found")
    static final class NotFound extends GraphQLException {
        private static final long serialVersionUID = 1L;

        NotFound(String message) {
            super(message);
        }
    }

    @ErrorCode("unauthenticated")
    static final class Unauthenticated extends GraphQLException {
        private static final long serialVersionUID = 1L;

        Unauthenticated(String message) {
            super(message);
        }
    }

    @ErrorCode("forbidden")
    static final class Forbidden extends GraphQLException {
        private static final long serialVersionUID = 1L;

        Forbidden(String message) {
            super(message);
        }
    }

    @ErrorCode("invalid-request")
    static final class Invalid extends GraphQLException {
        private static final long serialVersionUID = 1L;

        Invalid(String message) {
            super(message);
        }
    }
}
