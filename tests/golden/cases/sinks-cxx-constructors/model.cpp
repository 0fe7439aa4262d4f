namespace model {
/* A class named for a score: its constructor and destructor bear the
 * class's name and return no score; its method does. */
class RiskScore {
public:
	RiskScore();
	~RiskScore();
	double score() const;
private:
	double weight_;
};

template <typename T> class priority_list {
public:
	priority_list(T first);
};
}
