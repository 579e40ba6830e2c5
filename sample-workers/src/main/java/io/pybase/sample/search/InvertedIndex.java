package io.pybase.sample.search;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * An in-memory inverted index of records: term to (record, term frequency), ranked by TF-IDF. Thread-safe.
 *
 * <pre>{@code
 * InvertedIndex index = new InvertedIndex();
 * index.put("projects", "42", "Bridge renovation, phase two");
 * List<InvertedIndex.Hit> hits = index.search("bridge", 10);
 * }</pre>
 */
public final class InvertedIndex {

  /** One search result. */
  public record Hit(@JsonProperty("table_id") String tableId, @JsonProperty("record_id") String recordId,
      @JsonProperty("score") double score, @JsonProperty("snippet") String snippet) {}

  private record Doc(String tableId, String recordId, String snippet, Map<String, Integer> terms) {}

  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private final Map<String, Map<String, Integer>> postings = new HashMap<>();
  private final Map<String, Doc> docs = new HashMap<>();

  /** Indexes (or re-indexes) one record's text. */
  public void put(String tableId, String recordId, String text) {
    Map<String, Integer> terms = new HashMap<>();
    for (String t : tokens(text)) {
      terms.merge(t, 1, Integer::sum);
    }
    String key = tableId + "/" + recordId;
    String snippet = text.length() > 120 ? text.substring(0, 120) : text;
    lock.writeLock().lock();
    try {
      removeLocked(key);
      docs.put(key, new Doc(tableId, recordId, snippet, terms));
      terms.forEach((t, n) -> postings.computeIfAbsent(t, k -> new HashMap<>()).put(key, n));
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Removes one record. */
  public void remove(String tableId, String recordId) {
    lock.writeLock().lock();
    try {
      removeLocked(tableId + "/" + recordId);
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Records matching any term of {@code query}, best first, at most {@code limit}. */
  public List<Hit> search(String query, int limit) {
    Set<String> queryTerms = new HashSet<>(tokens(query));
    Map<String, Double> scores = new HashMap<>();
    List<Hit> hits = new ArrayList<>();
    lock.readLock().lock();
    try {
      int n = docs.size();
      for (String t : queryTerms) {
        Map<String, Integer> p = postings.get(t);
        if (p == null) {
          continue;
        }
        double idf = Math.log(1.0 + (double) n / p.size());
        p.forEach((key, tf) -> scores.merge(key, tf * idf, Double::sum));
      }
      scores.forEach((key, score) -> {
        Doc d = docs.get(key);
        hits.add(new Hit(d.tableId(), d.recordId(), score, d.snippet()));
      });
    } finally {
      lock.readLock().unlock();
    }
    hits.sort(Comparator.comparingDouble(Hit::score).reversed().thenComparing(Hit::recordId));
    return hits.size() > limit ? new ArrayList<>(hits.subList(0, limit)) : hits;
  }

  /** Records indexed. */
  public int size() {
    lock.readLock().lock();
    try {
      return docs.size();
    } finally {
      lock.readLock().unlock();
    }
  }

  private void removeLocked(String key) {
    Doc old = docs.remove(key);
    if (old != null) {
      for (String t : old.terms().keySet()) {
        Map<String, Integer> p = postings.get(t);
        if (p != null) {
          p.remove(key);
          if (p.isEmpty()) {
            postings.remove(t);
          }
        }
      }
    }
  }

  /** Lower-case words of two characters or more. */
  static List<String> tokens(String text) {
    List<String> out = new ArrayList<>();
    if (text == null) {
      return out;
    }
    for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+", -1)) {
      if (w.length() >= 2) {
        out.add(w);
      }
    }
    return out;
  }
}
