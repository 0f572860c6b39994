package io.leadflow.shared.error;

import com.mongodb.MongoConnectionPoolClearedException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;

/**
 * Tells a store that can't be reached (down, frozen, a pool cleared by a timeout) from every other failure: the first
 * is worth retrying and is answered 503 {@code DATABASE_UNAVAILABLE}, never 500.
 */
public final class StoreFailures {

    private StoreFailures() {
    }

    /** True when {@code failure} or one of its causes says the store could not be reached in time. */
    public static boolean unavailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof DataAccessResourceFailureException || t instanceof TransientDataAccessException
                    || t instanceof MongoSocketException || t instanceof MongoTimeoutException
                    || t instanceof MongoConnectionPoolClearedException) {
                return true;
            }
        }
        return false;
    }
}
